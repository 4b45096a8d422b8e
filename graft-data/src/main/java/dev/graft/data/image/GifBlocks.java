package dev.graft.data.image;

/**
 * The block structure of a GIF file: header, logical screen, colour tables, extensions and images, up to
 * the trailer byte. ImageIO decodes a frame without reading past it, so a file cut short after its first
 * frame would decode; giflib (TensorFlow's decoder) reads every block to the trailer and refuses it.
 */
final class GifBlocks {
    private static final int HEADER = 6;
    private static final int SCREEN_DESCRIPTOR = 7;
    private static final int EXTENSION = 0x21;
    private static final int IMAGE = 0x2C;
    private static final int TRAILER = 0x3B;

    private GifBlocks() {
    }

    /** Whether {@code data}, a GIF by its signature, holds whole blocks up to its trailer. */
    static boolean complete(byte[] data) {
        int at = HEADER + SCREEN_DESCRIPTOR;
        if (at > data.length) {
            return false;
        }
        at += colorTableSize(data[HEADER + 4]);
        while (at < data.length) {
            int block = data[at] & 0xFF;
            if (block == TRAILER) {
                return true;
            }
            if (block == EXTENSION) {
                at = skipSubBlocks(data, at + 2); // introducer and label
            } else if (block == IMAGE) {
                int descriptorEnd = at + 10;
                if (descriptorEnd > data.length) {
                    return false;
                }
                // The LZW minimum code size byte follows the descriptor and any local colour table.
                at = skipSubBlocks(data, descriptorEnd + colorTableSize(data[at + 9]) + 1);
            } else {
                return false; // not a block GIF defines: the data is damaged
            }
            if (at < 0) {
                return false;
            }
        }
        return false;
    }

    /** The bytes of the colour table that {@code flags} (a packed descriptor field) announces, or 0. */
    private static int colorTableSize(byte flags) {
        return (flags & 0x80) == 0 ? 0 : 3 * (1 << ((flags & 0x07) + 1));
    }

    /** The offset after a chain of data sub-blocks starting at {@code at}, or -1 when it runs off the end. */
    private static int skipSubBlocks(byte[] data, int at) {
        while (at < data.length) {
            int size = data[at] & 0xFF;
            at += 1 + size;
            if (size == 0) {
                return at;
            }
        }
        return -1;
    }
}
