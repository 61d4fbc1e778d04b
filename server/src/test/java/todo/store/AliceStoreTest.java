package todo.store;

import org.junit.jupiter.api.BeforeEach;
import todo.model.User;

/** A store test that starts with one user, alice, and her first list ("My tasks"). */
abstract class AliceStoreTest extends StoreTest {
    User alice;
    long list;

    @BeforeEach
    void signUpAlice() {
        alice = db.user("alice");
        list = db.firstList(alice).id();
    }
}
