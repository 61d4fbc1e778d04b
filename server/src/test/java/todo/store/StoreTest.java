package todo.store;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A store test: a fresh database file in a temp folder for each test, closed afterwards. */
abstract class StoreTest {
    @TempDir
    Path dir;

    TestDb db;

    @BeforeEach
    void openDb() {
        db = TestDb.open(dir);
    }

    @AfterEach
    void closeDb() {
        db.close();
    }
}
