package todo.support.infra;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the Debian binaries tests run (PostgreSQL, nats-server, HAProxy for the cluster; curl, ss). A missing one
 * skips the calling test with a notice, except in CI (env CI=true), where it is a failure: CI installs them
 * ({@code .ci/run}). Stateless; any thread.
 */
public final class Binaries {
    /** Debian keeps each PostgreSQL major version's server binaries here, off the PATH. */
    static final Path POSTGRESQL_LIB = Path.of("/usr/lib/postgresql");
    private static final List<Path> SYSTEM_DIRS =
            List.of(Path.of("/usr/sbin"), Path.of("/usr/bin"), Path.of("/usr/local/sbin"), Path.of("/usr/local/bin"));

    private Binaries() {}

    /** {@code tool} (initdb, pg_ctl) of the newest PostgreSQL installed; skips or fails when there is none. */
    public static Path postgres(String tool) {
        return require(tool, findPostgres(tool), "postgresql");
    }

    public static Path natsServer() {
        return require("nats-server", find("nats-server", List.of()), "nats-server");
    }

    public static Path haproxy() {
        return require("haproxy", find("haproxy", List.of()), "haproxy");
    }

    /** Any other Debian binary, {@code name} from {@code debianPackage}; skips or fails when it is missing. */
    public static Path debian(String name, String debianPackage) {
        return require(name, find(name, List.of()), debianPackage);
    }

    static Optional<Path> findPostgres(String tool) {
        List<Path> versions = new ArrayList<>();
        if (Files.isDirectory(POSTGRESQL_LIB)) {
            try (Stream<Path> dirs = Files.list(POSTGRESQL_LIB)) {
                dirs.filter(d -> d.getFileName().toString().matches("\\d+"))
                        .sorted(Comparator.comparingInt((Path d) -> Integer.parseInt(d.getFileName().toString()))
                                .reversed())
                        .map(d -> d.resolve("bin"))
                        .forEach(versions::add);
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + POSTGRESQL_LIB, e);
            }
        }
        return find(tool, versions);
    }

    /** The first executable {@code name} in {@code dirs}, then the system directories, then the PATH. */
    static Optional<Path> find(String name, List<Path> dirs) {
        List<Path> all = new ArrayList<>(dirs);
        all.addAll(SYSTEM_DIRS);
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                if (!d.isBlank()) all.add(Path.of(d));
            }
        }
        return all.stream().map(d -> d.resolve(name)).filter(Files::isExecutable).findFirst();
    }

    private static Path require(String name, Optional<Path> found, String debianPackage) {
        if (found.isPresent()) {
            return found.get();
        }
        String hint = "apt-get install " + debianPackage;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(name + " is required in CI but was not found (" + hint + ")");
        }
        String notice = name + " not installed: the tests that run it are skipped (" + hint + ")";
        System.err.println("NOTICE: " + notice);
        Assumptions.assumeTrue(false, notice);
        throw new AssertionError("unreachable");
    }
}
