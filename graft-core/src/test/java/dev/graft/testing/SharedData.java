package dev.graft.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the shared test material that lives beside the checkout, never inside it: the folder named by the
 * environment variable {@code GRAFT_SHARED}, else by the system property {@code graft.shared} (which the
 * root pom sets to {@code ../shared} of the project), else {@code ../shared} of the working directory.
 * Tests that need a file call {@link #require(String)}: when the file is absent the test is skipped with
 * a message that names the path, never passed silently.
 */
public final class SharedData {
    /** The environment variable that points to the shared folder. */
    public static final String ENV = "GRAFT_SHARED";
    /** The system property that points to the shared folder when the variable is unset. */
    public static final String PROPERTY = "graft.shared";

    private SharedData() {
    }

    /** The shared folder (which may not exist), and how it was chosen. */
    public static Path root() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        return Path.of("..", "shared").toAbsolutePath().normalize();
    }

    /**
     * The file or folder at {@code relative} inside the shared folder; skips the calling test (JUnit
     * assumption) with a loud message if it does not exist.
     */
    public static Path require(String relative) {
        Path path = root().resolve(relative).normalize();
        if (!Files.exists(path)) {
            String message = "SKIPPED: shared test data missing: " + path + " (shared folder " + root()
                    + ", chosen by " + source() + "). Set " + ENV + " to the folder that holds " + relative;
            System.err.println(message);
            Assumptions.assumeTrue(false, message);
        }
        return path;
    }

    private static String source() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return "environment variable " + ENV;
        }
        String property = System.getProperty(PROPERTY);
        return property != null && !property.isBlank() ? "system property " + PROPERTY : "the default ../shared";
    }
}
