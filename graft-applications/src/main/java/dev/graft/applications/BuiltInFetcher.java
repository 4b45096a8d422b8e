package dev.graft.applications;

import dev.graft.download.Checksum;
import dev.graft.download.Downloader;
import java.nio.file.Path;

/**
 * The fetchers Graft provides: {@link WeightsFetcher#downloading()}, Graft's {@link Downloader} with the target's
 * folder as its cache, which installs the file at {@code target} itself, atomically and only after its hash
 * matched; and {@link WeightsFetcher#offline()}, which writes nothing. {@link WeightsCache} therefore hands them
 * the cache entry itself, where other fetchers get a temporary file to be verified.
 */
final class BuiltInFetcher implements WeightsFetcher {
    private final boolean offline;

    BuiltInFetcher(boolean offline) {
        this.offline = offline;
    }

    @Override
    public void fetch(String url, Path target, String expectedHash) {
        if (offline) {
            throw new IllegalStateException("Cannot download " + target.getFileName() + ": Graft runs offline here "
                    + "(no downloader is configured). Download " + url + " yourself and place it at " + target
                    + " (Keras' cache ~/.keras/models/ works too)"
                    + (expectedHash == null ? "" : "; its hash must be " + expectedHash));
        }
        Checksum checksum = expectedHash == null ? null : Checksum.of(expectedHash);
        Downloader.builder().optCacheDir(target.toAbsolutePath().getParent()).build()
                .fetch(dev.graft.download.RemoteFile.of(url, checksum).withFileName(target.getFileName().toString()));
    }
}
