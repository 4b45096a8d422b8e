package dev.graft.applications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OfficialWeightsTest {
    private static final String BASE = "https://example.org/models/";

    @Test
    void infersTheHashAlgorithmFromItsLengthAsKeras() {
        assertEquals("md5", new OfficialWeights("a.h5", BASE + "a.h5", "0123456789abcdef0123456789abcdef")
                .hashAlgorithm());
        assertEquals("sha256", new OfficialWeights("a.h5", BASE + "a.h5", "0123456789abcdef".repeat(4))
                .hashAlgorithm());
        assertNull(new OfficialWeights("a.h5", BASE + "a.h5", null).hashAlgorithm());
    }

    @Test
    void rejectsAUrlNotEndingInTheFileNameAndMalformedHashes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OfficialWeights("a.h5", BASE + "b.h5", null));
        assertTrue(e.getMessage().contains("a.h5") && e.getMessage().contains(BASE + "b.h5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new OfficialWeights("a.h5", BASE + "a.h5", "abc"));
        assertTrue(e.getMessage().contains("'abc'"), e.getMessage());
    }
}
