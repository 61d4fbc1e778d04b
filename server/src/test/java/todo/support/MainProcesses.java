package todo.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension ({@code @RegisterExtension}) that starts {@link MainProcess}es for a test and kills every
 * one of them after it. Used from the test thread.
 */
public final class MainProcesses implements AfterEachCallback {
    private final List<MainProcess> started = new ArrayList<>();

    /** {@link MainProcess#start}, killed after the test. */
    public MainProcess start(Path dir, Map<String, String> env, String... args) throws IOException {
        MainProcess p = MainProcess.start(dir, env, args);
        started.add(p);
        return p;
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (MainProcess p : started) {
            p.close();
        }
        started.clear();
    }
}
