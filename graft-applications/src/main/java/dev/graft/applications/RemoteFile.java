package dev.graft.applications;

import java.util.Locale;

/**
 * A file published at a URL, as Keras' {@code get_file(fname, origin, file_hash=...)} describes one: the name
 * it is cached under, where it is downloaded from, and its published hash (SHA-256 when 64 hex digits, else
 * MD5, Keras' {@code hash_algorithm="auto"}), or null when none is published.
 *
 * @param fileName the name in the cache folder, e.g. {@code xception_weights_tf_dim_ordering_tf_kernels_notop.h5}
 * @param url where to download it
 * @param hash the published hex digest, or null
 */
public record RemoteFile(String fileName, String url, String hash) {

    public RemoteFile {
        if (fileName == null || fileName.isBlank() || fileName.contains("/") || fileName.contains("\\")) {
            throw new IllegalArgumentException("RemoteFile needs a plain file name (no folders), received '"
                    + fileName + "'");
        }
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("RemoteFile '" + fileName + "' needs a URL, received '" + url + "'");
        }
        if (hash != null) {
            if (!hash.matches("[0-9a-fA-F]{32}|[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("RemoteFile '" + fileName + "' needs its hash as 32 (MD5) or 64 "
                        + "(SHA-256) hex digits, received '" + hash + "'");
            }
            hash = hash.toLowerCase(Locale.ROOT);
        }
    }

    /** {@code "SHA-256"} or {@code "MD5"} (a {@link java.security.MessageDigest} name), or null without a hash. */
    public String hashAlgorithm() {
        return hash == null ? null : hash.length() == 64 ? "SHA-256" : "MD5";
    }
}
