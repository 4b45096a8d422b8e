package dev.graft.download;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Where Graft keeps what it fetches, like Keras' {@code ~/.keras}: the folder named by the environment variable
 * {@code GRAFT_HOME}, else {@code ~/.graft}. Downloads go to {@code downloads/} inside it, prepared data sets to
 * {@code datasets/}. Graft creates these folders readable by the user only ({@link UserOnlyFiles}).
 */
public final class GraftHome {
    /** The environment variable that moves Graft's home folder. */
    public static final String HOME_ENV = "GRAFT_HOME";

    private GraftHome() {
    }

    /** Graft's home folder: {@code $GRAFT_HOME}, else {@code ~/.graft}. */
    public static Path root() {
        return root(System::getenv, System.getProperty("user.home"));
    }

    /** The download cache: {@code <home>/downloads}. */
    public static Path downloads() {
        return root().resolve("downloads");
    }

    /** Where data sets are prepared: {@code <home>/datasets}. */
    public static Path datasets() {
        return root().resolve("datasets");
    }

    /** The home folder given an environment and a user home, so that tests need not change the real ones. */
    static Path root(UnaryOperator<String> environment, String userHome) {
        String home = environment.apply(HOME_ENV);
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        if (userHome == null || userHome.isBlank()) {
            throw new IllegalStateException("Cannot place Graft's home folder: " + HOME_ENV
                    + " is unset and the system property user.home is empty; set " + HOME_ENV);
        }
        return Path.of(userHome, ".graft").toAbsolutePath().normalize();
    }
}
