package dev.graft.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumTest {
    // The digests of "abc" published with the algorithms (FIPS 180-2 appendix B.1, RFC 1321 appendix A.5).
    private static final String SHA256_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String MD5_ABC = "900150983cd24fb0d6963f7d28e17f72";

    @Test
    void computesAndMatchesPublishedDigests(@TempDir Path dir) throws IOException {
        Path abc = Files.writeString(dir.resolve("abc"), "abc");
        assertEquals(SHA256_ABC, Checksum.sha256(SHA256_ABC).compute(abc));
        assertTrue(Checksum.sha256(SHA256_ABC.toUpperCase()).matches(abc));
        assertTrue(Checksum.md5(MD5_ABC).matches(abc));
        assertFalse(Checksum.md5("00000000000000000000000000000000").matches(abc));
    }

    @Test
    void theAlgorithmFollowsTheLengthAsInKeras() {
        assertEquals(HashAlgorithm.SHA_256, Checksum.of(SHA256_ABC).algorithm());
        assertEquals(HashAlgorithm.MD5, Checksum.of(MD5_ABC).algorithm());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checksum.of("abc"));
        assertTrue(e.getMessage().contains("64 hexadecimal digits (SHA-256) or 32 (MD5)"), e.getMessage());
    }

    @Test
    void malformedDigestsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Checksum.sha256(MD5_ABC));
        assertThrows(IllegalArgumentException.class, () -> Checksum.md5("z".repeat(32)));
        assertThrows(IllegalArgumentException.class, () -> Checksum.sha256(null));
    }
}
