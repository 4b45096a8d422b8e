package dev.graft.data.image;

import java.util.Optional;

/** The image formats {@link ImageDecoder} reads, as {@code tf.io.decode_image} does; recognised by content. */
public enum ImageFormat {
    JPEG("jpeg"),
    PNG("png"),
    GIF("gif"),
    BMP("bmp");

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final String imageIoName;

    ImageFormat(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    /** The format name Java's ImageIO knows it by. */
    String imageIoName() {
        return imageIoName;
    }

    /**
     * The format of {@code data}, from its first bytes (its "magic number"), never from a file name:
     * {@code FF D8 FF} is JPEG, the 8-byte PNG signature PNG, {@code GIF87a} / {@code GIF89a} GIF, and
     * {@code BM} BMP, the checks TensorFlow makes. Empty when none matches.
     */
    public static Optional<ImageFormat> detect(byte[] data) {
        if (startsWith(data, (byte) 0xFF, (byte) 0xD8, (byte) 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(data, PNG_SIGNATURE)) {
            return Optional.of(PNG);
        }
        if (startsWith(data, (byte) 'G', (byte) 'I', (byte) 'F', (byte) '8', (byte) '7', (byte) 'a')
                || startsWith(data, (byte) 'G', (byte) 'I', (byte) 'F', (byte) '8', (byte) '9', (byte) 'a')) {
            return Optional.of(GIF);
        }
        if (startsWith(data, (byte) 'B', (byte) 'M')) {
            return Optional.of(BMP);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] data, byte... prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
