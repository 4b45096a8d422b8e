package dev.graft.callbacks;

import static dev.graft.callbacks.CallbackFixtures.logs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CSVLoggerTest {
    @TempDir
    Path dir;

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** One run of {@code epochLogs.length} epochs. */
    @SafeVarargs
    private static void run(CSVLogger logger, Map<String, Double>... epochLogs) {
        logger.onTrainBegin(logs());
        for (int epoch = 0; epoch < epochLogs.length; epoch++) {
            logger.onEpochEnd(epoch, epochLogs[epoch]);
        }
        logger.onTrainEnd(logs());
    }

    @Test
    void writesSortedColumnsAndOneRowPerEpochFlushedAsItGoes() throws IOException {
        Path file = dir.resolve("training.log");
        CSVLogger logger = new CSVLogger(file);
        logger.onTrainBegin(logs());
        logger.onEpochEnd(0, logs("val_loss", 0.75, "loss", 0.5, "accuracy", 0.25));
        // Flushed at the end of the epoch, before training ends.
        assertEquals("epoch,accuracy,loss,val_loss\r\n0,0.25,0.5,0.75\r\n", read(file));
        // Keys from the first epoch fix the columns: a missing one is NA, a new one is left out.
        logger.onEpochEnd(1, logs("loss", 0.125, "accuracy", 0.5, "extra", 1.0));
        logger.onTrainEnd(logs());
        assertEquals("epoch,accuracy,loss,val_loss\r\n0,0.25,0.5,0.75\r\n1,0.5,0.125,NA\r\n", read(file));
        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> logger.onEpochEnd(2, logs("loss", 0.1)));
        assertTrue(closed.getMessage().contains("onTrainBegin"), closed.getMessage());
    }

    @Test
    void valuesAreWrittenAsPythonDoesAndParseBackExactly() throws IOException {
        Path file = dir.resolve("values.csv");
        double tiny = 1e-7;
        double sum = 0.1 + 0.2;
        double third = 1.0 / 3;
        run(new CSVLogger(file), logs("a", tiny, "b", sum, "c", third, "d", Double.NaN, "e", 12.0));
        String[] lines = read(file).split("\r\n");
        assertEquals("epoch,a,b,c,d,e", lines[0]);
        assertEquals("0,1e-07,0.30000000000000004,0.3333333333333333,nan,12.0", lines[1]);
        String[] fields = lines[1].split(",");
        assertEquals(tiny, Double.parseDouble(fields[1]), 0);
        assertEquals(sum, Double.parseDouble(fields[2]), 0);
        assertEquals(third, Double.parseDouble(fields[3]), 0);
    }

    @Test
    void anotherRunOverwritesTheFileUnlessAppending() throws IOException {
        Path file = dir.resolve("log.csv");
        CSVLogger logger = new CSVLogger(file);
        run(logger, logs("loss", 1.0), logs("loss", 0.5));
        run(logger, logs("loss", 2.0));
        assertEquals("epoch,loss\r\n0,2.0\r\n", read(file));

        CSVLogger appending = new CSVLogger(file, ',', true);
        run(appending, logs("loss", 0.25), logs("loss", 0.125));
        assertEquals("epoch,loss\r\n0,2.0\r\n0,0.25\r\n1,0.125\r\n", read(file), "no second header");
    }

    @Test
    void appendingToAMissingOrEmptyFileWritesTheHeader() throws IOException {
        Path missing = dir.resolve("missing.csv");
        run(new CSVLogger(missing, ',', true), logs("loss", 1.0));
        assertEquals("epoch,loss\r\n0,1.0\r\n", read(missing));
        Path empty = Files.createFile(dir.resolve("empty.csv"));
        run(new CSVLogger(empty, ',', true), logs("loss", 1.0));
        assertEquals("epoch,loss\r\n0,1.0\r\n", read(empty));
    }

    @Test
    void otherSeparatorsAndQuotingAsPythonsCsvModule() throws IOException {
        Path file = dir.resolve("semicolons.csv");
        run(new CSVLogger(file, ';', false), logs("loss", 0.5, "a;b", 1.5));
        assertEquals("epoch;\"a;b\";loss\r\n0;1.5;0.5\r\n", read(file));
        IllegalArgumentException quote = assertThrows(IllegalArgumentException.class,
                () -> new CSVLogger(file, '"', false));
        assertTrue(quote.getMessage().contains("separator"), quote.getMessage());
    }

    @Test
    void eachEpochReplacesTheWholeFileSoNoRowIsEverHalfWritten() throws IOException {
        Path file = dir.resolve("log.csv");
        Files.writeString(file, "epoch,loss\r\n0,2.0\r\n");
        CSVLogger logger = new CSVLogger(file, ',', true);
        logger.onTrainBegin(logs());
        try (InputStream reader = Files.newInputStream(file)) {
            logger.onEpochEnd(0, logs("loss", 0.5));
            // A reader of the old file sees it whole: the new one took its name by rename, never by rewriting it.
            assertEquals("epoch,loss\r\n0,2.0\r\n", new String(reader.readAllBytes(), StandardCharsets.UTF_8));
        }
        Object before = Files.getAttribute(file, "unix:ino");
        logger.onEpochEnd(1, logs("loss", 0.25));
        assertNotEquals(before, Files.getAttribute(file, "unix:ino"), "a new file, not an append to the old one");
        assertEquals("epoch,loss\r\n0,2.0\r\n0,0.5\r\n1,0.25\r\n", read(file));
        // Killed here, before onTrainEnd: the file already holds every finished epoch, and nothing else is left.
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void aFolderThatDoesNotExistIsReportedWithThePath() {
        Path file = dir.resolve("no/such/folder/log.csv");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> new CSVLogger(file).onTrainBegin(logs()));
        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
    }
}
