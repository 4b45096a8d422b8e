package dev.graft.data;

import dev.graft.tensor.TensorScope;
import dev.graft.utils.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Keeps the elements of the first complete pass in a file and reads them from there in later passes and runs.
 *
 * <p>File layout (big-endian): the magic {@code GRAFTDSC}, the format version (int), the length (int) and
 * UTF-8 bytes of the pipeline's description; then one record per element: its length (int), its bytes
 * ({@link CacheCodec}) and their CRC-32 (int); then the end marker {@code GRAFTEND} and the number of
 * elements (long). A pass writes a hidden temporary file beside the target and renames it over the target
 * only when it completes, so a file under the target's name is always complete.
 */
final class DiskCacheDataset<T> extends Dataset<T> {
    private static final byte[] MAGIC = "GRAFTDSC".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "GRAFTEND".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int TRAILER_BYTES = END.length + 8;

    private final Dataset<T> input;
    private final Path file;

    DiskCacheDataset(Dataset<T> input, Path file) {
        super(input);
        if (file == null) {
            throw new IllegalArgumentException("cache(path) needs a file path; call cache() to cache in memory");
        }
        this.input = input;
        this.file = file.toAbsolutePath();
    }

    @Override
    public long cardinality() {
        return input.cardinality();
    }

    /** The cache is filled from the input's first pass, whatever pass reads it first. */
    @Override
    void seekOpens(long opens) {
        super.seekOpens(0);
    }

    @Override
    Cursor<T> open() {
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("cache(" + file + "): directory " + dir + " does not exist; create "
                    + "it first");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("cache(" + file + ") names a directory; give the path of a file");
        }
        return Files.exists(file) ? new Reader() : new Writer(input.open());
    }

    private String description() {
        return input.toString();
    }

    private IllegalStateException refused(String why) {
        return new IllegalStateException("The dataset cache file " + file + " " + why + "; cache(path) will not "
                + "read it. Delete the file to rebuild the cache on the next pass, or give this pipeline a file "
                + "of its own");
    }

    /** Replays a complete cache file. */
    private final class Reader implements Cursor<T> {
        private final DataInputStream in;
        private final long payloadEnd;
        private final long expected;
        private long position;
        private long read;
        private boolean closed;

        Reader() {
            try {
                long size = Files.size(file);
                expected = checkTrailer(size);
                payloadEnd = size - TRAILER_BYTES;
                in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the dataset cache file " + file + ": " + e, e);
            }
            try {
                position = checkHeader();
            } catch (IOException e) {
                close();
                throw new UncheckedIOException("Cannot read the dataset cache file " + file + ": " + e, e);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        /** Checks the magic and the end marker; returns the number of elements. */
        private long checkTrailer(long size) throws IOException {
            if (size < MAGIC.length + TRAILER_BYTES) {
                throw refused("is too short to be a dataset cache (" + size + " bytes)");
            }
            ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer magic = ByteBuffer.allocate(MAGIC.length);
                readFully(channel, magic, 0);
                if (!Arrays.equals(magic.array(), MAGIC)) {
                    throw refused("is not a Graft dataset cache (it does not start with "
                            + new String(MAGIC, StandardCharsets.US_ASCII) + ")");
                }
                readFully(channel, trailer, size - TRAILER_BYTES);
            }
            byte[] end = Arrays.copyOf(trailer.array(), END.length);
            if (!Arrays.equals(end, END)) {
                throw refused("is incomplete or damaged (it has no end marker)");
            }
            long count = trailer.getLong(END.length);
            if (count < 0) {
                throw refused("is damaged (it claims " + count + " elements)");
            }
            return count;
        }

        /** Checks the magic, the version and the pipeline; returns the offset of the first record. */
        private long checkHeader() throws IOException {
            in.readFully(new byte[MAGIC.length]);
            int version = in.readInt();
            if (version != VERSION) {
                throw refused("was written in cache format version " + version + ", and this Graft reads version "
                        + VERSION);
            }
            int length = in.readInt();
            if (length < 0 || length > payloadEnd) {
                throw refused("is damaged (a pipeline description of " + length + " bytes)");
            }
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            String written = new String(bytes, StandardCharsets.UTF_8);
            if (!written.equals(description())) {
                throw refused("was written by another pipeline:\n  " + written + "\nwhile this cache() follows:\n  "
                        + description() + "\n");
            }
            return MAGIC.length + 4 + 4 + length;
        }

        @Override
        public T pull() {
            if (closed) {
                return null;
            }
            try {
                if (position == payloadEnd) {
                    if (read != expected) {
                        throw refused("is damaged (it holds " + read + " elements but its end marker says "
                                + expected + ")");
                    }
                    close();
                    return null;
                }
                int length = in.readInt();
                if (length < 0 || position + 8 + length > payloadEnd) {
                    throw refused("is damaged (element " + read + " claims " + length + " bytes)");
                }
                byte[] bytes = new byte[length];
                in.readFully(bytes);
                int checksum = in.readInt();
                if (checksum != crc(bytes)) {
                    throw refused("is damaged (element " + read + " fails its checksum)");
                }
                position += 8 + length;
                long index = read++;
                try {
                    @SuppressWarnings("unchecked")
                    T element = Elements.produce(() -> (T) CacheCodec.decode(bytes));
                    return element;
                } catch (IllegalStateException e) {
                    throw refused("is damaged (element " + index + ": " + e.getMessage() + ")");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the dataset cache file " + file + ": " + e, e);
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close the dataset cache file " + file + ": " + e, e);
            }
        }
    }

    /** Passes the input's elements on while writing them to a temporary file, renamed over the target at the end. */
    private final class Writer implements Cursor<T> {
        private final Cursor<T> upstream;
        private final Path temp;
        private final DataOutputStream out;
        private long written;
        private boolean finished;

        Writer(Cursor<T> upstream) {
            this.upstream = upstream;
            try {
                temp = AtomicFiles.createTempBeside(file);
            } catch (IOException | RuntimeException e) {
                upstream.close();
                throw e instanceof IOException io ? unwritable(io) : (RuntimeException) e;
            }
            try {
                out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16));
                byte[] pipeline = description().getBytes(StandardCharsets.UTF_8);
                out.write(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(pipeline.length);
                out.write(pipeline);
            } catch (IOException e) {
                deleteTemp();
                upstream.close();
                throw unwritable(e);
            }
        }

        private UncheckedIOException unwritable(IOException e) {
            return new UncheckedIOException("Cannot write the dataset cache file " + file + ": " + e, e);
        }

        @Override
        public T pull() {
            if (finished) {
                return null;
            }
            T element = upstream.pull();
            if (element == null) {
                complete();
                return null;
            }
            try (TensorScope scope = TensorScope.open()) {
                byte[] bytes = CacheCodec.encode(element);
                out.writeInt(bytes.length);
                out.write(bytes);
                out.writeInt(crc(bytes));
                written++;
            } catch (IOException e) {
                Elements.close(element);
                throw unwritable(e);
            } catch (RuntimeException | Error e) {
                Elements.close(element);
                throw e;
            }
            return element;
        }

        /** Ends the file and moves it into place: from now on every pass reads it. */
        private void complete() {
            finished = true;
            try {
                out.write(END);
                out.writeLong(written);
                out.close();
                AtomicFiles.commit(temp, file);
            } catch (IOException e) {
                deleteTemp();
                throw unwritable(e);
            } finally {
                upstream.close();
            }
        }

        @Override
        public void close() {
            if (finished) {
                return;
            }
            // An unfinished pass: its elements must not become the cache.
            finished = true;
            try {
                out.close();
            } catch (IOException ignored) {
                // The file is deleted next; a failed close changes nothing.
            }
            deleteTemp();
            upstream.close();
        }

        private void deleteTemp() {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete the unfinished dataset cache " + temp + ": " + e, e);
            }
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("End of file at byte " + (position + buffer.position()));
            }
        }
    }

    private static int crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    @Override
    public String toString() {
        return input + ".cache(" + file + ")";
    }
}
