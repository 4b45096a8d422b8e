package dev.graft.data.datasets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The order in which TFDS stores the examples of a split: ascending by {@code md5(salt + key)} read as an unsigned
 * 128-bit big-endian integer ({@code core/hashing.py} {@code Hasher.hash_key}, sorted by {@code core/shuffle.py}),
 * where the salt is the split's name and the key is what the builder yields with each example (for cats_vs_dogs
 * the file's path in the archive). Strings are UTF-8 with backslashes turned into slashes first, as TFDS does
 * for Windows paths.
 */
final class TfdsKeyHash {
    /** Compares digests as unsigned big-endian integers, the order of Python's {@code int(hexdigest, 16)}. */
    static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

    private TfdsKeyHash() {
    }

    /** The 16-byte digest {@code md5(salt + key)}. */
    static byte[] of(String salt, String key) {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this Java runtime", e);
        }
        md5.update(bytes(salt));
        md5.update(bytes(key));
        return md5.digest();
    }

    private static byte[] bytes(String text) {
        return text.replace('\\', '/').getBytes(StandardCharsets.UTF_8);
    }
}
