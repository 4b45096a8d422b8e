package dev.graft.applications;

import dev.graft.download.Checksum;
import dev.graft.download.Downloader;
import dev.graft.download.RemoteFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Downloads a published file (weights, a class index) into the cache. {@link WeightsCache} calls it only when
 * no cached copy with the right hash exists, and checks the hash of what it wrote.
 */
@FunctionalInterface
public interface WeightsFetcher {

    /**
     * Downloads {@code url} to {@code target} (whose folder exists), replacing any file there.
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
        return (url, target, expectedHash) -> {
            Checksum checksum = expectedHash == null ? null : Checksum.of(expectedHash);
            Downloader.builder().optCacheDir(target.getParent()).build()
                    .fetch(RemoteFile.of(url, checksum).withFileName(target.getFileName().toString()));
        };
    }

    /**
     * The fetcher of an offline installation: it downloads nothing and fails at once with a message that names
     * the file, its URL and where to place a copy.
     */
    static WeightsFetcher offline() {
        return (url, target, expectedHash) -> {
            throw new IllegalStateException("Cannot download " + target.getFileName() + ": Graft runs offline here "
                    + "(no downloader is configured). Download " + url + " yourself and place it at " + target
                    + " (Keras' cache ~/.keras/models/ works too)"
                    + (expectedHash == null ? "" : "; its hash must be " + expectedHash));
        };
    }
}
