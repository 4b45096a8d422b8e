package dev.graft.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A published digest of a file, e.g. {@code Checksum.sha256("b7974bd0...")}.
 *
 * @param algorithm the digest
 * @param hex       the digest in lower-case hexadecimal
 */
public record Checksum(HashAlgorithm algorithm, String hex) {

    public Checksum {
        if (algorithm == null || hex == null) {
            throw new IllegalArgumentException("A checksum needs an algorithm and a hex digest, received "
                    + algorithm + " and " + hex);
        }
        hex = hex.toLowerCase(Locale.ROOT);
        if (hex.length() != algorithm.hexLength() || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("A " + algorithm.displayName() + " digest is "
                    + algorithm.hexLength() + " hexadecimal digits, received \"" + hex + "\"");
        }
    }

    /** A SHA-256 checksum. */
    public static Checksum sha256(String hex) {
        return new Checksum(HashAlgorithm.SHA_256, hex);
    }

    /** An MD5 checksum, for files whose publisher gives nothing stronger (Keras' application weights). */
    public static Checksum md5(String hex) {
        return new Checksum(HashAlgorithm.MD5, hex);
    }

    /** The algorithm told by the digest's length, as Keras' {@code get_file(hash_algorithm="auto")}: 64 digits SHA-256, 32 MD5. */
    public static Checksum of(String hex) {
        if (hex != null && hex.length() == HashAlgorithm.SHA_256.hexLength()) {
            return sha256(hex);
        }
        if (hex != null && hex.length() == HashAlgorithm.MD5.hexLength()) {
            return md5(hex);
        }
        throw new IllegalArgumentException("Cannot tell the algorithm of checksum \"" + hex
                + "\": give 64 hexadecimal digits (SHA-256) or 32 (MD5)");
    }

    /** The digest of {@code file} with this checksum's algorithm, in lower-case hexadecimal. */
    public String compute(Path file) {
        MessageDigest digest = algorithm.newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + " to compute its " + algorithm.displayName()
                    + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Whether {@code file}'s digest is this one. */
    public boolean matches(Path file) {
        return hex.equals(compute(file));
    }

    @Override
    public String toString() {
        return algorithm.displayName() + " " + hex;
    }
}
