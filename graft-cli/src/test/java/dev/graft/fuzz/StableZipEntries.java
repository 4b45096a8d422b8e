package dev.graft.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;

/**
 * Zip entries and Keras metadata without the time they were made, so that the same seed damages the same bytes
 * of the same file on every run (a zip entry's header and {@code metadata.json}'s {@code date_saved} otherwise
 * hold the current time).
 */
final class StableZipEntries {
    /** 2026-01-01 00:00 UTC. */
    private static final long FIXED_TIME = 1_767_225_600_000L;

    private StableZipEntries() {
    }

    /** A zip entry named {@code name} dated {@link #FIXED_TIME}. */
    static ZipEntry entry(String name) {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(FIXED_TIME);
        return entry;
    }

    /** {@code metadata.json}'s bytes with a fixed {@code date_saved}. */
    static byte[] withFixedDate(byte[] metadata) {
        String json = new String(metadata, StandardCharsets.UTF_8);
        return json.replaceAll("(\"date_saved\"\\s*:\\s*\")[^\"]*(\")", "$12026-01-01@00:00:00$2")
                .getBytes(StandardCharsets.UTF_8);
    }
}
