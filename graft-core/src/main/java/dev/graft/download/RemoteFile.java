package dev.graft.download;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A file to fetch: where it is, the name it gets in the cache, and what it must be.
 *
 * @param url      an {@code http} or {@code https} address
 * @param fileName the name of the file in the download cache (a plain name, no folders)
 * @param checksum the published digest, or null to trust whatever arrives (as Keras without {@code file_hash})
 * @param size     the published size in bytes, or -1 when unknown
 */
public record RemoteFile(URI url, String fileName, Checksum checksum, long size) {

    /** The size of a file whose size is not published. */
    public static final long UNKNOWN_SIZE = -1;

    public RemoteFile {
        if (url == null || url.getScheme() == null
                || !(url.getScheme().equalsIgnoreCase("http") || url.getScheme().equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("A remote file needs an http or https address, received " + url);
        }
        if (fileName == null || fileName.isEmpty() || fileName.equals(".") || fileName.equals("..")
                || fileName.contains("/") || fileName.contains("\\") || fileName.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("The cache name of " + url + " must be a plain file name, received \""
                    + fileName + "\"");
        }
        if (size < UNKNOWN_SIZE) {
            throw new IllegalArgumentException("The size of " + url + " must be a byte count or -1 (unknown), received "
                    + size);
        }
    }

    /** The file at {@code url}, cached under the last segment of its path, of unknown size. */
    public static RemoteFile of(String url, Checksum checksum) {
        URI uri = parse(url);
        String path = uri.getPath();
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("Cannot name the cache file for " + url
                    + ": its path has no last segment; use RemoteFile.of(url, checksum).withFileName(name)");
        }
        return new RemoteFile(uri, name, checksum, UNKNOWN_SIZE);
    }

    /** This file cached under another name. */
    public RemoteFile withFileName(String name) {
        return new RemoteFile(url, name, checksum, size);
    }

    /** This file with a published size in bytes. */
    public RemoteFile withSize(long bytes) {
        return new RemoteFile(url, fileName, checksum, bytes);
    }

    private static URI parse(String url) {
        if (url == null) {
            throw new IllegalArgumentException("A remote file needs an address, received null");
        }
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a valid address: \"" + url + "\" (" + e.getMessage() + ")", e);
        }
    }
}
