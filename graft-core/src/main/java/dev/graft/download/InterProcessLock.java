package dev.graft.download;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Mutual exclusion on a cache entry between threads and between processes, so that two programs fetching or
 * extracting the same file take turns instead of writing the same partial file. A file lock alone is per
 * process (a second thread would get {@code OverlappingFileLockException}), hence the in-process lock too.
 * The lock file itself stays behind; it is empty, harmless and user-only (0600).
 */
final class InterProcessLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private InterProcessLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Waits until this thread holds {@code lockFile}, creating it if needed. */
    static InterProcessLock acquire(Path lockFile) throws IOException {
        ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(),
                path -> new ReentrantLock());
        threadLock.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    UserOnlyFiles.fileAttributes(lockFile.toAbsolutePath().getParent()));
            return new InterProcessLock(threadLock, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            threadLock.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
            channel.close();
        } finally {
            threadLock.unlock();
        }
    }
}
