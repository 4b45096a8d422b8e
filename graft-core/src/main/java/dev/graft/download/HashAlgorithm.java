package dev.graft.download;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The digests a published checksum may use: SHA-256, or MD5 where that is all the publisher gives. */
public enum HashAlgorithm {
    SHA_256("SHA-256", 64),
    MD5("MD5", 32);

    private final String javaName;
    private final int hexLength;

    HashAlgorithm(String javaName, int hexLength) {
        this.javaName = javaName;
        this.hexLength = hexLength;
    }

    /** The number of hexadecimal digits of a digest. */
    public int hexLength() {
        return hexLength;
    }

    /** The name used in messages and by {@link MessageDigest}, e.g. {@code SHA-256}. */
    public String displayName() {
        return javaName;
    }

    /** A fresh digest. */
    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(javaName);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide both (MessageDigest's specification).
            throw new IllegalStateException(javaName + " is missing from this Java runtime", e);
        }
    }
}
