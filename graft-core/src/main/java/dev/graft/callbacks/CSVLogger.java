package dev.graft.callbacks;

import dev.graft.models.Model;
import dev.graft.utils.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes each epoch's logs as a row of a CSV file, like Keras' {@code CSVLogger}.
 * <pre>
 * epoch,loss,val_loss
 * 0,0.6931471805599453,0.6913
 * 1,0.5,0.52
 * </pre>
 * The columns are {@code epoch} (from 0) and the keys of the first epoch's logs in sorted order; a key
 * missing from a later epoch is written {@code NA}. Numbers are written as Python writes them (so the file
 * matches Keras' byte for byte, lines ending in {@code \r\n} as Python's csv module ends them): finite values
 * parse back exactly with {@link Double#parseDouble}, non-finite ones read {@code nan}, {@code inf},
 * {@code -inf}.
 *
 * <p>As in Keras, training starts by emptying the file (or, when appending, creating it if missing) and each
 * epoch adds its row. Unlike a plain append, every change replaces the whole file atomically ({@link
 * AtomicFiles}): a crash leaves the file as it was after the last complete epoch, never half a row. The rows
 * are kept in memory to do so, a few hundred bytes per epoch.
 *
 * <p>With {@link BackupAndRestore}, give {@code append = true}: its checkpoint records how long the file was,
 * and a resumed run cuts off the rows written after the checkpoint (epochs that run again) before it goes on,
 * so every epoch appears once.
 */
public final class CSVLogger implements StatefulCallback {
    private static final String LINE_END = "\r\n";
    private final Path file;
    private final char separator;
    private final boolean append;
    /** The file's whole content during training, null outside it. */
    private ByteArrayOutputStream content;
    private List<String> keys;
    private Model model;

    /** Writes {@code file} afresh, comma-separated. */
    public CSVLogger(Path file) {
        this(file, ',', false);
    }

    /**
     * @param separator the character between fields
     * @param append    true to add rows to an existing file (writing the header only if the file is empty or
     *                  missing), for resumed training; false to overwrite it
     */
    public CSVLogger(Path file, char separator, boolean append) {
        if (file == null) {
            throw new IllegalArgumentException("CSVLogger needs a file path, received null");
        }
        if (separator == '"' || separator == '\r' || separator == '\n') {
            throw new IllegalArgumentException("CSVLogger cannot use " + describe(separator)
                    + " as separator: it is the quote or line-end character; use ',', ';' or '\\t'");
        }
        this.file = file.toAbsolutePath();
        this.separator = separator;
        this.append = append;
    }

    private static String describe(char c) {
        return c == '"' ? "'\"'" : c == '\r' ? "'\\r'" : "'\\n'";
    }

    @Override
    public void setModel(Model model) {
        this.model = model;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        content = null;
        keys = null;
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            throw new UncheckedIOException("CSVLogger could not open " + file + " for writing: its folder " + dir
                    + " does not exist; create it first", new NoSuchFileException(dir.toString()));
        }
        ByteArrayOutputStream start = new ByteArrayOutputStream();
        if (append && Files.isRegularFile(file)) {
            try {
                start.write(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException("CSVLogger could not read " + file + " to append to it: "
                        + e.getMessage(), e);
            }
        } else {
            replaceFile(start, "start");
        }
        content = start;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (content == null) {
            throw new IllegalStateException("CSVLogger received onEpochEnd(" + epoch + ") outside training: "
                    + "onTrainBegin starts " + file + " and onTrainEnd ends it");
        }
        List<String> row = new ArrayList<>();
        row.add(Integer.toString(epoch));
        if (keys == null) {
            keys = logs.keySet().stream().sorted().collect(Collectors.toList());
            if (content.size() == 0) {   // no rows yet: neither an appended-to file's nor this run's
                List<String> header = new ArrayList<>();
                header.add("epoch");
                header.addAll(keys);
                writeLine(header);
            }
        }
        for (String key : keys) {
            Double value = logs.get(key);
            row.add(value == null ? "NA" : PythonFloats.repr(value));
        }
        writeLine(row);
        replaceFile(content, "write epoch " + epoch + " to");
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        content = null;
    }

    /** The file's length after the rows written so far, and the columns. */
    @Override
    public void saveState(CallbackState state) {
        state.put("length", content == null ? 0L : (long) content.size());
        if (keys != null) {
            state.putStrings("keys", keys);
        }
    }

    /**
     * Cuts the file back to its length at the checkpoint, dropping the rows of epochs that run again. A file
     * shorter than that (a logger without {@code append} started it afresh) is continued as it is. The content
     * read or started by {@link #onTrainBegin} is the file's.
     */
    @Override
    public void restoreState(CallbackState state) {
        long length = state.getLong("length");
        if (content == null || content.size() < length) {
            return;
        }
        byte[] kept = Arrays.copyOf(content.toByteArray(), Math.toIntExact(length));
        content = new ByteArrayOutputStream();
        content.writeBytes(kept);
        keys = state.has("keys") ? new ArrayList<>(state.getStrings("keys")) : null;
        replaceFile(content, "resume");
    }

    private void writeLine(List<String> fields) {
        String line = fields.stream().map(this::quoteIfNeeded).collect(Collectors.joining(String.valueOf(separator)))
                + LINE_END;
        content.writeBytes(line.getBytes(StandardCharsets.UTF_8));
    }

    private void replaceFile(ByteArrayOutputStream bytes, String action) {
        if (!CallbackSupport.writesFiles(model)) {
            return;   // rank 0 of a distributed fit writes the file
        }
        try {
            AtomicFiles.replace(file, temp -> {
                try (OutputStream out = Files.newOutputStream(temp)) {
                    bytes.writeTo(out);
                }
            });
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("CSVLogger could not " + action + " " + file + ": " + e.getMessage()
                    + "; check that its folder is writable", e.getCause());
        }
    }

    /** Quotes a field only when it holds the separator, a quote or a line end, as Python's csv module does. */
    private String quoteIfNeeded(String field) {
        if (field.indexOf(separator) < 0 && field.indexOf('"') < 0 && field.indexOf('\r') < 0
                && field.indexOf('\n') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
