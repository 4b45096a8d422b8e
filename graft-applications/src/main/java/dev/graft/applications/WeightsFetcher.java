package dev.graft.applications;

import dev.graft.download.Downloader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Downloads a published file (weights, a class index) into the cache. {@link WeightsCache} calls it only when
 * no cached copy with the right hash exists. It hands a custom fetcher a temporary file beside the cache entry,
 * checks the hash of what was written there and only then renames it into place; {@link #downloading()} is
 * given the cache entry itself, since Graft's downloader verifies before it installs.
 */
@FunctionalInterface
public interface WeightsFetcher {

    /**
     * Downloads {@code url} to {@code target}, a file that does not exist yet in a folder that does.
     *
     * @param expectedHash the published hex digest (SHA-256 or MD5 by length), or null when none is published
     * @throws IOException if the download fails
     */
    void fetch(String url, Path target, String expectedHash) throws IOException;

    /**
     * Downloads with Graft's {@link Downloader} (progress bar, resume of partial downloads, checksum verified
     * before an atomic install), or fails fast naming the file and where to place it when the environment
     * variable {@code GRAFT_OFFLINE=1} is set.
     */
    static WeightsFetcher downloading() {
        return new BuiltInFetcher(false);
    }

    /**
     * The fetcher of an offline installation: it downloads nothing and fails at once with a message that names
     * the file, its URL and where to place a copy.
     */
    static WeightsFetcher offline() {
        return new BuiltInFetcher(true);
    }
}
