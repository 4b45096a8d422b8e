package dev.graft.download;

import dev.graft.training.ProgressOutput;
import dev.graft.utils.AtomicFiles;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Fetches files into a download cache, like Keras' {@code get_file}: a file already there with the right
 * checksum is not fetched again.
 *
 * <pre>{@code
 * Path zip = new Downloader().fetch(RemoteFile.of(url, Checksum.sha256(hex)).withSize(bytes));
 * }</pre>
 *
 * <p>The transfer goes to {@code <name>.part} beside the final file. A broken transfer (dropped connection,
 * stall) is resumed with an HTTP range request, a few times in a row and on the next run; a server that ignores
 * ranges is answered by starting over. Size and checksum are verified before the file is moved into place
 * atomically, so the cache never holds a wrong or half-written file under the final name; a cached file whose
 * size or checksum no longer matches is downloaded again (refused in offline mode). The cache folder and its files
 * are the user's only ({@link UserOnlyFiles}). Offline mode
 * ({@code GRAFT_OFFLINE=1} or {@link Builder#optOffline}) uses the cache only and says which file to place where.
 * Processes and threads sharing a cache take turns on each file.
 */
public final class Downloader {
    /** The environment variable that, set to {@code 1} (or {@code true}), forbids network access. */
    public static final String OFFLINE_ENV = "GRAFT_OFFLINE";

    private final Path cacheDir;
    private final boolean offline;
    private final int maxAttempts;
    private final Duration retryDelay;
    private final DownloadProgress progress;
    private final HttpTransfer transfer;

    /** A downloader with the defaults of {@link Builder}. */
    public Downloader() {
        this(builder().validated());
    }

    private Downloader(Builder b) {
        this.cacheDir = b.cacheDir != null ? b.cacheDir : GraftHome.root(b.environment,
                System.getProperty("user.home")).resolve("downloads");
        this.offline = b.offline != null ? b.offline : offlineFromEnvironment(b.environment);
        this.maxAttempts = b.maxAttempts;
        this.retryDelay = b.retryDelay;
        this.progress = new DownloadProgress(b.progress, System::nanoTime);
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.transfer = new HttpTransfer(client, b.idleTimeout, b.maxRedirects, progress);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The folder files are cached in. */
    public Path cacheDir() {
        return cacheDir;
    }

    /** Whether this downloader only uses the cache. */
    public boolean offline() {
        return offline;
    }

    /**
     * The cached copy of {@code file}, downloaded first unless a copy with the right size and checksum is there.
     *
     * @return the file in the cache, verified
     * @throws IllegalStateException if the server refuses (HTTP status), redirects in a loop, the content does not
     *                               match the checksum or size (then nothing is installed), or in offline mode the
     *                               file is missing
     * @throws UncheckedIOException  if the transfer keeps breaking off (the partial file is kept for the next run)
     *                               or the cache cannot be written
     */
    @SuppressWarnings("try") // the lock is held for the block's duration, never read
    public Path fetch(RemoteFile file) {
        Path target = cacheDir.resolve(file.fileName());
        Path part = cacheDir.resolve(file.fileName() + ".part");
        try {
            UserOnlyFiles.createCacheDirectories(cacheDir);
            try (InterProcessLock lock = InterProcessLock.acquire(cacheDir.resolve("." + file.fileName() + ".lock"))) {
                if (Files.exists(target)) {
                    String problem = problem(target, file);
                    if (problem == null) {
                        UserOnlyFiles.tighten(target);     // a file cached by an earlier Graft, with wider rights
                        return target;
                    }
                    if (offline) {
                        throw offlineError(file, target, "the cached file " + problem);
                    }
                    progress.message("The cached " + target + " " + problem + "; downloading it again");
                } else if (offline) {
                    throw offlineError(file, target, "it is not in the cache");
                }
                downloadVerified(file, part, target);
                AtomicFiles.commit(part, target);
                return target;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot fetch " + file.url() + " into " + target + ": " + e.getMessage(), e);
        }
    }

    /** Leaves a verified copy at {@code part}, or throws having deleted a wrong one. */
    private void downloadVerified(RemoteFile file, Path part, Path target) throws IOException {
        boolean resumedEarlierRun = Files.exists(part) && Files.size(part) > 0;
        if (resumedEarlierRun) {
            UserOnlyFiles.tighten(part);
        }
        if (resumedEarlierRun && file.size() >= 0 && Files.size(part) > file.size()) {
            Files.delete(part);
            resumedEarlierRun = false;
        }
        progress.message("Downloading data from " + file.url());
        while (true) {
            if (resumedEarlierRun) {
                progress.message("Resuming after the " + DownloadProgress.bytes(Files.size(part)) + " already in "
                        + part);
            }
            download(file, part);
            String problem = problem(part, file);
            if (problem == null) {
                return;
            }
            Files.delete(part);
            if (!resumedEarlierRun) {
                throw new IllegalStateException("Downloaded " + file.url() + " but the file " + problem
                        + "; it was deleted and nothing was installed at " + target
                        + ". If the publisher changed the file on purpose, give its new checksum.");
            }
            // The partial file of an earlier run may itself have been bad: one clean try from the start.
            progress.message("The download resumed from an earlier partial file " + problem + "; starting over");
            resumedEarlierRun = false;
        }
    }

    private void download(RemoteFile file, Path part) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                transfer.complete(file.url(), part);
                return;
            } catch (IOException e) {
                long kept = Files.exists(part) ? Files.size(part) : 0;
                if (Thread.currentThread().isInterrupted() || attempt >= maxAttempts) {
                    throw new IOException("the transfer broke off (" + e.getMessage() + ") after " + attempt
                            + " attempt(s); the " + kept + " bytes received are kept in " + part
                            + " and the next run resumes from there", e);
                }
                Duration wait = retryDelay.multipliedBy(attempt);
                progress.message("The transfer broke off (" + e.getMessage() + ") with " + DownloadProgress.bytes(kept)
                        + " received; attempt " + (attempt + 1) + " of " + maxAttempts + " resumes in "
                        + wait.toMillis() + " ms");
                sleep(wait, file);
            }
        }
    }

    private static void sleep(Duration wait, RemoteFile file) throws IOException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to resume " + file.url());
        }
    }

    /** Why {@code path} is not {@code file}, or null when its size and checksum (those published) match. */
    private static String problem(Path path, RemoteFile file) throws IOException {
        long size = Files.size(path);
        if (file.size() >= 0 && size != file.size()) {
            return "has " + size + " bytes where " + file.size() + " are expected";
        }
        if (file.checksum() != null) {
            String actual = file.checksum().compute(path);
            if (!actual.equals(file.checksum().hex())) {
                return "has " + file.checksum().algorithm().displayName() + " " + actual + " where "
                        + file.checksum().hex() + " is expected";
            }
        }
        return null;
    }

    private IllegalStateException offlineError(RemoteFile file, Path target, String why) {
        StringBuilder what = new StringBuilder();
        if (file.checksum() != null) {
            what.append(", ").append(file.checksum());
        }
        if (file.size() >= 0) {
            what.append(", ").append(file.size()).append(" bytes");
        }
        return new IllegalStateException("Offline mode (" + OFFLINE_ENV + "=1 or optOffline(true)): cannot download "
                + file.url() + " and " + why + ". Download it yourself and place it at " + target + " (" + file.fileName()
                + what + "), or turn offline mode off.");
    }

    private static boolean offlineFromEnvironment(UnaryOperator<String> environment) {
        String value = environment.apply(OFFLINE_ENV);
        if (value == null || value.isBlank()) {
            return false;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on":
                return true;
            case "0", "false", "no", "off":
                return false;
            default:
                throw new IllegalArgumentException("The environment variable " + OFFLINE_ENV + " must be 1 or 0 (or"
                        + " true/false), received \"" + value + "\"");
        }
    }

    /** Builds a {@link Downloader}; every setting is optional. */
    public static final class Builder {
        private Path cacheDir;
        private Boolean offline;
        private ProgressOutput progress = ProgressOutput.standardOutput();
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration retryDelay = Duration.ofSeconds(2);
        private int maxRedirects = 10;
        private int maxAttempts = 5;
        private UnaryOperator<String> environment = System::getenv;

        private Builder() {
        }

        /** The cache folder (default {@code $GRAFT_HOME/downloads}, else {@code ~/.graft/downloads}). */
        public Builder optCacheDir(Path cacheDir) {
            this.cacheDir = cacheDir;
            return this;
        }

        /** Use the cache only (default: the environment variable {@code GRAFT_OFFLINE}, else false). */
        public Builder optOffline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /** Where the progress bar and messages go (default standard output, rewritten in place on a terminal). */
        public Builder optProgress(ProgressOutput progress) {
            this.progress = progress;
            return this;
        }

        /** How long connecting may take (default 30 s). */
        public Builder optConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** How long the server may send nothing, before or during the body, before the attempt is given up (default 60 s). */
        public Builder optIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        /** The pause before attempt k+1 is k times this (default 2 s). */
        public Builder optRetryDelay(Duration retryDelay) {
            this.retryDelay = retryDelay;
            return this;
        }

        /** How many redirects one request may follow (default 10). */
        public Builder optMaxRedirects(int maxRedirects) {
            this.maxRedirects = maxRedirects;
            return this;
        }

        /** How many attempts one download gets when the transfer breaks off, each resuming the last (default 5). */
        public Builder optMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Reads environment variables from {@code environment} instead of the process environment (for tests). */
        Builder optEnvironment(UnaryOperator<String> environment) {
            this.environment = environment;
            return this;
        }

        public Downloader build() {
            return new Downloader(validated());
        }

        private Builder validated() {
            if (progress == null || environment == null) {
                throw new IllegalArgumentException("A downloader needs a progress output (optProgress), received null");
            }
            requirePositive("optConnectTimeout", connectTimeout);
            requirePositive("optIdleTimeout", idleTimeout);
            if (retryDelay == null || retryDelay.isNegative()) {
                throw new IllegalArgumentException("optRetryDelay must be zero or more, received " + retryDelay);
            }
            if (maxRedirects < 0) {
                throw new IllegalArgumentException("optMaxRedirects must be zero or more, received " + maxRedirects);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("optMaxAttempts must be at least 1, received " + maxAttempts);
            }
            return this;
        }

        private static void requirePositive(String option, Duration value) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(option + " must be a positive duration, received " + value);
            }
        }
    }
}
