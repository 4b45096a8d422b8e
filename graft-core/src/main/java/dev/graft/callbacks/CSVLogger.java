package dev.graft.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
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
 * {@code -inf}. The file is flushed after every epoch and closed at the end of training.
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
    private Writer writer;
    private boolean writeHeader;
    private List<String> keys;

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
        this.file = file;
        this.separator = separator;
        this.append = append;
    }

    private static String describe(char c) {
        return c == '"' ? "'\"'" : c == '\r' ? "'\\r'" : "'\\n'";
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        closeWriter();
        try {
            writeHeader = !(append && Files.exists(file) && Files.size(file) > 0);
            OpenOption[] options = append
                    ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND}
                    : new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE};
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, options);
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger could not open " + file.toAbsolutePath() + " for writing: "
                    + e.getMessage() + "; check that its folder exists and is writable", e);
        }
        keys = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (writer == null) {
            throw new IllegalStateException("CSVLogger received onEpochEnd(" + epoch + ") outside training: "
                    + "onTrainBegin opens " + file + " and onTrainEnd closes it");
        }
        List<String> row = new ArrayList<>();
        row.add(Integer.toString(epoch));
        try {
            if (keys == null) {
                keys = logs.keySet().stream().sorted().collect(Collectors.toList());
                if (writeHeader) {
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
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger could not write epoch " + epoch + " to "
                    + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        closeWriter();
    }

    /** The file's length after the rows written so far, and the columns. */
    @Override
    public void saveState(CallbackState state) {
        try {
            if (writer != null) {
                writer.flush();
            }
            state.put("length", Files.exists(file) ? Files.size(file) : 0L).put("write_header", writeHeader);
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger could not flush " + file.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
        if (keys != null) {
            state.putStrings("keys", keys);
        }
    }

    /**
     * Cuts the file back to its length at the checkpoint, dropping the rows of epochs that run again. A file
     * shorter than that (a logger without {@code append} started it afresh) is continued as it is.
     */
    @Override
    public void restoreState(CallbackState state) {
        long length = state.getLong("length");
        closeWriter();
        try {
            if (Files.exists(file) && Files.size(file) >= length) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(length);
                    channel.force(true);
                }
                writeHeader = state.getBoolean("write_header");
                keys = state.has("keys") ? new ArrayList<>(state.getStrings("keys")) : null;
            }
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger could not resume " + file.toAbsolutePath() + " at byte "
                    + length + ": " + e.getMessage(), e);
        }
    }

    private void writeLine(List<String> fields) throws IOException {
        writer.write(fields.stream().map(this::quoteIfNeeded).collect(Collectors.joining(String.valueOf(separator))));
        writer.write(LINE_END);
    }

    /** Quotes a field only when it holds the separator, a quote or a line end, as Python's csv module does. */
    private String quoteIfNeeded(String field) {
        if (field.indexOf(separator) < 0 && field.indexOf('"') < 0 && field.indexOf('\r') < 0
                && field.indexOf('\n') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    private void closeWriter() {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger could not close " + file.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        } finally {
            writer = null;
        }
    }
}
