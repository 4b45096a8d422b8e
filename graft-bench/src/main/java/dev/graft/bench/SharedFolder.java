package dev.graft.bench;

import java.nio.file.Path;

/**
 * The shared material beside the checkout (the peer script, the photos), found as the tests find it: the folder
 * named by the environment variable {@code GRAFT_SHARED}, else by the system property {@code graft.shared}, else
 * {@code ../shared} of the working directory.
 */
final class SharedFolder {
    static final String ENV = "GRAFT_SHARED";
    static final String PROPERTY = "graft.shared";

    private SharedFolder() {
    }

    /** The shared folder, which may not exist. */
    static Path root() {
        return choose(System.getenv(ENV), System.getProperty(PROPERTY));
    }

    /** The folder the variable names, else the one the property names, else {@code ../shared}. */
    static Path choose(String environment, String property) {
        for (String candidate : new String[] {environment, property}) {
            if (candidate != null && !candidate.isBlank()) {
                return Path.of(candidate).toAbsolutePath().normalize();
            }
        }
        return Path.of("..", "shared").toAbsolutePath().normalize();
    }
}
