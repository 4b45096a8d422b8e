package dev.graft.applications;

import dev.graft.download.UserOnlyFiles;
import dev.graft.utils.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where published files (pretrained weights, the ImageNet class index) are found or downloaded, like Keras'
 * {@code get_file(..., cache_subdir="models")}. {@link #get(RemoteFile)} returns, in this order:
 * <ol>
 *   <li>the copy in Graft's cache, {@code <graftHome>/models/<fileName>}, if its hash is right;</li>
 *   <li>the copy in Keras' cache, {@code <kerasHome>/models/<fileName>}, if its hash is right (read, never
 *       written; a copy with another hash is left alone);</li>
 *   <li>otherwise a fresh download by the {@link WeightsFetcher} into Graft's cache, whose hash is checked
 *       before the file appears under its name there.</li>
 * </ol>
 * A file without a published hash is accepted when it exists. Graft's cache folder and its files are the
 * user's only ({@link UserOnlyFiles}). {@link #defaults()}: Graft's home is
 * {@code $GRAFT_HOME} or {@code ~/.graft}, Keras' is {@code $KERAS_HOME} or {@code ~/.keras}, and the fetcher
 * is {@link WeightsFetcher#offline()}.
 */
public final class WeightsCache {
    /** The environment variable that moves Graft's cache to {@code $GRAFT_HOME/models}. */
    public static final String GRAFT_HOME = "GRAFT_HOME";
    /** The environment variable that moves Keras' cache to {@code $KERAS_HOME/models}, as in Keras. */
    public static final String KERAS_HOME = "KERAS_HOME";
    private static final String MODELS = "models";

    private final Path graftModels;
    private final Path kerasModels;
    private final WeightsFetcher fetcher;
    private final Consumer<String> warnings;

    private WeightsCache(Builder b) {
        this.graftModels = b.graftHome.resolve(MODELS);
        this.kerasModels = b.kerasHome == null ? null : b.kerasHome.resolve(MODELS);
        this.fetcher = b.fetcher;
        this.warnings = b.warnings;
    }

    /**
     * The cache of this machine: homes from the environment and the user's home folder; missing files are
     * downloaded (unless {@code GRAFT_OFFLINE=1}).
     */
    public static WeightsCache defaults() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** {@link #defaults()} for a given environment and home folder. */
    static WeightsCache fromEnvironment(Map<String, String> environment, Path userHome) {
        return builder().setGraftHome(home(environment.get(GRAFT_HOME), userHome.resolve(".graft")))
                .optKerasHome(home(environment.get(KERAS_HOME), userHome.resolve(".keras")))
                .optFetcher(WeightsFetcher.downloading()).build();
    }

    private static Path home(String variable, Path fallback) {
        return variable == null || variable.isBlank() ? fallback : Path.of(variable);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Graft's cache folder, {@code <graftHome>/models}: where downloads go. */
    public Path graftModels() {
        return graftModels;
    }

    /** Keras' cache folder, {@code <kerasHome>/models}, or null when Keras' cache is not consulted. */
    public Path kerasModels() {
        return kerasModels;
    }

    /**
     * The local path of {@code file}: a cached copy with the right hash, or a fresh download.
     *
     * @throws IllegalStateException if it must be downloaded and the download fails (offline: always), or the
     *     downloaded file's hash is wrong
     */
    public Path get(RemoteFile file) {
        Path target = graftModels.resolve(file.fileName());
        if (Files.isRegularFile(target)) {
            if (matches(target, file)) {
                tighten(target);
                return target;
            }
            warnings.accept("A local file was found at " + target + ", but its " + file.hashAlgorithm()
                    + " hash " + hash(target, file.hashAlgorithm()) + " does not match the published " + file.hash()
                    + " (incomplete or outdated), so it will be downloaded again from " + file.url());
        }
        if (kerasModels != null) {
            Path keras = kerasModels.resolve(file.fileName());
            if (Files.isRegularFile(keras) && matches(keras, file)) {
                return keras;
            }
        }
        download(file, target);
        return target;
    }

    private void download(RemoteFile file, Path target) {
        try {
            UserOnlyFiles.createCacheDirectories(graftModels);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create Graft's cache folder " + graftModels + " to download "
                    + file.fileName() + " (" + e + "); set " + GRAFT_HOME + " to a writable folder", e);
        }
        try {
            if (fetcher instanceof BuiltInFetcher) {
                // Graft's downloader checks the hash before it renames the file into place, under a lock shared
                // with other processes, and resumes a broken transfer from a partial file named after the target;
                // hashing the file again here would read it a second time for nothing.
                fetcher.fetch(file.url(), target, file.hash());
                if (!Files.isRegularFile(target)) {
                    throw new IllegalStateException("The download of " + file.url() + " left no verified file at "
                            + target);
                }
            } else {
                fetchVerified(file, target);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Downloading " + file.fileName() + " from " + file.url() + " to " + target
                    + " failed: " + e + ". Place a copy there yourself or retry", e);
        }
    }

    /** Has the fetcher write a temporary file beside {@code target}, renamed to it only once its hash is right. */
    private void fetchVerified(RemoteFile file, Path target) throws IOException {
        // A fresh name the fetcher creates itself (Files.copy, for one, refuses to overwrite).
        Path temp = AtomicFiles.createTempBeside(target);
        Files.delete(temp);
        AtomicFiles.fillAndCommit(temp, target, fetched -> {
            fetcher.fetch(file.url(), fetched, file.hash());
            if (!Files.isRegularFile(fetched, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalStateException("The download of " + file.url() + " wrote no file; nothing was "
                        + "installed at " + target);
            }
            if (!matches(fetched, file)) {
                throw new IllegalStateException("Incomplete or corrupted file detected: the download of "
                        + file.url() + " has " + file.hashAlgorithm() + " hash " + hash(fetched, file.hashAlgorithm())
                        + ", the published value is " + file.hash() + "; it was deleted and nothing was installed at "
                        + target + ". Retry, or place a genuine copy there yourself");
            }
            UserOnlyFiles.tighten(fetched);                // the fetcher created it with the default rights
        });
    }

    private static void tighten(Path cached) {
        try {
            UserOnlyFiles.tighten(cached);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the cached " + cached + " user-only: " + e.getMessage(), e);
        }
    }

    private static boolean matches(Path path, RemoteFile file) {
        return file.hash() == null || file.hash().equals(hash(path, file.hashAlgorithm()));
    }

    /** The lowercase hex digest of a file ({@code "SHA-256"} or {@code "MD5"}). */
    public static String hash(Path path, String algorithm) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("Unknown hash algorithm '" + algorithm + "'; use SHA-256 or MD5", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(path)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + " to check its " + algorithm + " hash", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Builds a {@link WeightsCache}: {@link #setGraftHome} is required. */
    public static final class Builder {
        private Path graftHome;
        private Path kerasHome;
        private WeightsFetcher fetcher = WeightsFetcher.offline();
        private Consumer<String> warnings = message -> System.err.println("WARNING: " + message);

        private Builder() {
        }

        /** Graft's home: downloads go to {@code <graftHome>/models}. */
        public Builder setGraftHome(Path graftHome) {
            this.graftHome = graftHome;
            return this;
        }

        /** Keras' home, whose {@code models} folder is searched too (default: not searched). */
        public Builder optKerasHome(Path kerasHome) {
            this.kerasHome = kerasHome;
            return this;
        }

        /** How missing files are downloaded (default {@link WeightsFetcher#offline()}). */
        public Builder optFetcher(WeightsFetcher fetcher) {
            this.fetcher = fetcher;
            return this;
        }

        /** Where warnings go (default: standard error, prefixed {@code WARNING: }). */
        public Builder optWarnings(Consumer<String> warnings) {
            this.warnings = warnings;
            return this;
        }

        public WeightsCache build() {
            if (graftHome == null) {
                throw new IllegalArgumentException("WeightsCache needs Graft's home folder (setGraftHome), "
                        + "received null; WeightsCache.defaults() uses $" + GRAFT_HOME + " or ~/.graft");
            }
            if (fetcher == null || warnings == null) {
                throw new IllegalArgumentException("WeightsCache needs a fetcher and a warnings consumer, received "
                        + "fetcher=" + fetcher + ", warnings=" + warnings);
            }
            return new WeightsCache(this);
        }
    }
}
