package dev.graft.data.image;

/**
 * An image that cannot be decoded: empty, of an unknown format, corrupt, truncated, or declaring more pixels
 * than {@link ImageDecoder}'s limit. The message names the file and says what is wrong with it.
 */
public final class ImageDecodeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;

    /**
     * @param source the file (or other name) the bytes came from
     * @param problem what is wrong, e.g. {@code "the file is empty (0 bytes)"}
     */
    public ImageDecodeException(String source, String problem) {
        this(source, problem, null);
    }

    /** Like {@link #ImageDecodeException(String, String)}, keeping the decoder's own exception as the cause. */
    public ImageDecodeException(String source, String problem, Throwable cause) {
        super("Cannot decode image " + source + ": " + problem, cause);
        this.source = source;
    }

    /** The file (or other name) of the image that failed. */
    public String source() {
        return source;
    }
}
