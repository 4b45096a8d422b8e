package dev.graft.data.image;

/**
 * The chunk structure of a PNG file: length, type, data and CRC, from the 8-byte signature to the
 * {@code IEND} chunk. ImageIO decodes pixels as soon as the image data is in and never reads on to
 * {@code IEND}, so a file cut short after its pixels would decode; libpng (TensorFlow's decoder) reads to
 * the end and refuses it.
 */
final class PngChunks {
    private static final int SIGNATURE = 8;
    private static final int IEND = ('I' << 24) | ('E' << 16) | ('N' << 8) | 'D';

    private PngChunks() {
    }

    /** Whether {@code data}, a PNG by its signature, holds a whole chain of chunks up to and including IEND. */
    static boolean complete(byte[] data) {
        long at = SIGNATURE;
        while (at + 12 <= data.length) {
            long length = readInt(data, (int) at) & 0xFFFFFFFFL;
            int type = readInt(data, (int) at + 4);
            long end = at + 12 + length; // length and type, data, CRC
            if (end > data.length) {
                return false;
            }
            if (type == IEND) {
                return true;
            }
            at = end;
        }
        return false;
    }

    private static int readInt(byte[] data, int at) {
        return ((data[at] & 0xFF) << 24) | ((data[at + 1] & 0xFF) << 16) | ((data[at + 2] & 0xFF) << 8)
                | (data[at + 3] & 0xFF);
    }
}
