package dev.graft.data.image;

/**
 * What the markers before a JPEG's image data say about its colours, read the way libjpeg (TensorFlow's
 * decoder) reads them, and whether the data is complete. ImageIO decodes the samples; this decides what
 * they mean.
 */
final class JpegHeader {

    /** The colour space of the stored components, as libjpeg infers it. */
    enum ColorSpace { GRAYSCALE, YCBCR, RGB, CMYK, YCCK }

    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;
    private static final int APP0 = 0xE0;
    private static final int APP14 = 0xEE;

    private int[] componentIds = new int[0];
    private boolean jfif;
    private int adobeTransform = -1;
    private boolean complete;

    private JpegHeader() {
    }

    /** Reads the markers of {@code data}, which starts with a JPEG's start-of-image marker. */
    static JpegHeader parse(byte[] data) {
        JpegHeader header = new JpegHeader();
        int i = 2;
        while (i + 1 < data.length) {
            if (data[i] != (byte) 0xFF) {
                i++; // extraneous bytes before a marker: libjpeg warns and skips them
                continue;
            }
            int marker = data[i + 1] & 0xFF;
            if (marker == 0xFF || marker == 0x00 || marker == 0x01 || marker == 0xD8
                    || (marker >= 0xD0 && marker <= 0xD7)) {
                i += marker == 0xFF ? 1 : 2; // fill bytes and markers without a segment
                continue;
            }
            if (marker == EOI || i + 3 >= data.length) {
                break;
            }
            int length = ((data[i + 2] & 0xFF) << 8) | (data[i + 3] & 0xFF);
            int start = i + 4;
            int end = i + 2 + length;
            if (length < 2 || end > data.length) {
                break; // the header itself is cut off
            }
            if (marker == SOS) {
                header.complete = hasEndOfImage(data, end);
                break;
            }
            header.read(marker, data, start, end);
            i = end;
        }
        return header;
    }

    private void read(int marker, byte[] data, int start, int end) {
        int size = end - start;
        if (marker == APP0 && size >= 14 && matches(data, start, "JFIF\0")) {
            jfif = true;
        } else if (marker == APP14 && size >= 12 && matches(data, start, "Adobe")) {
            adobeTransform = data[start + 11] & 0xFF;
        } else if (isStartOfFrame(marker) && componentIds.length == 0 && size >= 6) {
            int count = data[start + 5] & 0xFF;
            if (size >= 6 + 3 * count) {
                componentIds = new int[count];
                for (int k = 0; k < count; k++) {
                    componentIds[k] = data[start + 6 + 3 * k] & 0xFF;
                }
            }
        }
    }

    private static boolean isStartOfFrame(int marker) {
        // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static boolean matches(byte[] data, int start, String ascii) {
        for (int k = 0; k < ascii.length(); k++) {
            if (data[start + k] != (byte) ascii.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether an end-of-image marker follows the first scan. Inside entropy-coded data a 0xFF byte is always
     * followed by 0x00 or a restart marker, so an FF D9 there is the real end. Searched from the end of the
     * file, where it nearly always is.
     */
    private static boolean hasEndOfImage(byte[] data, int from) {
        for (int j = data.length - 2; j >= from; j--) {
            if (data[j] == (byte) 0xFF && (data[j + 1] & 0xFF) == EOI) {
                return true;
            }
        }
        return false;
    }

    /** The number of colour components of the frame; 0 when no frame header precedes the image data. */
    int components() {
        return componentIds.length;
    }

    /** Whether the image data runs to an end-of-image marker (TensorFlow refuses a JPEG cut short). */
    boolean complete() {
        return complete;
    }

    /** Whether an Adobe APP14 marker is present; it means CMYK samples are stored inverted. */
    boolean hasAdobeMarker() {
        return adobeTransform >= 0;
    }

    /**
     * The colour space of the components, by libjpeg's rules: one component is grayscale; three are YCbCr
     * when a JFIF marker is present, else as the Adobe marker's transform says (0 = RGB), else RGB only for
     * component ids 'R', 'G', 'B'; four are YCCK when an Adobe marker says transform 2 (or anything but 0),
     * else CMYK. Null for other component counts.
     */
    ColorSpace colorSpace() {
        return switch (componentIds.length) {
            case 1 -> ColorSpace.GRAYSCALE;
            case 3 -> {
                if (jfif) {
                    yield ColorSpace.YCBCR;
                }
                if (hasAdobeMarker()) {
                    yield adobeTransform == 0 ? ColorSpace.RGB : ColorSpace.YCBCR;
                }
                boolean rgbIds = componentIds[0] == 'R' && componentIds[1] == 'G' && componentIds[2] == 'B';
                yield rgbIds ? ColorSpace.RGB : ColorSpace.YCBCR;
            }
            case 4 -> hasAdobeMarker() && adobeTransform != 0 ? ColorSpace.YCCK : ColorSpace.CMYK;
            default -> null;
        };
    }
}
