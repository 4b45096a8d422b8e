package dev.graft.applications;

/**
 * Where Keras publishes a pretrained weights file, exactly as its application code names it: Keras downloads
 * {@code url} into {@code ~/.keras/models/fileName} and, when {@code fileHash} is not null, checks it (MD5
 * for 32 hex digits, SHA-256 for 64, as Keras' {@code get_file} infers).
 *
 * @param fileName the file's name in Keras' cache
 * @param url where Keras downloads it from
 * @param fileHash the hash Keras checks, or null where Keras publishes none (MobileNetV2)
 */
public record OfficialWeights(String fileName, String url, String fileHash) {
    public OfficialWeights {
        if (fileName == null || url == null || !url.endsWith("/" + fileName)) {
            throw new IllegalArgumentException("OfficialWeights needs a url ending in its file name, received "
                    + "fileName=" + fileName + ", url=" + url);
        }
        if (fileHash != null && !fileHash.matches("[0-9a-f]{32}|[0-9a-f]{64}")) {
            throw new IllegalArgumentException("OfficialWeights needs an MD5 (32 hex digits) or SHA-256 (64) hash, "
                    + "received '" + fileHash + "' for " + fileName);
        }
    }

    /** {@code "md5"} or {@code "sha256"}, as Keras infers it from the hash's length; null without a hash. */
    public String hashAlgorithm() {
        if (fileHash == null) {
            return null;
        }
        return fileHash.length() == 64 ? "sha256" : "md5";
    }
}
