package dev.graft.data.image;

/**
 * A rectangle of an image, {@code height x width} pixels from row {@code top} and column {@code left}.
 *
 * @param top the first row
 * @param left the first column
 * @param height the number of rows
 * @param width the number of columns
 */
public record CropWindow(long top, long left, long height, long width) {

    /** @throws IllegalArgumentException if the window starts before the image or is empty */
    public CropWindow {
        if (top < 0 || left < 0 || height < 1 || width < 1) {
            throw new IllegalArgumentException("A crop window needs top, left >= 0 and height, width >= 1, received "
                    + "top=" + top + ", left=" + left + ", height=" + height + ", width=" + width);
        }
    }

    /**
     * The largest centered window of a {@code height x width} image with the aspect ratio of
     * {@code targetHeight x targetWidth}, computed as Keras' {@code smart_resize} does in a data pipeline
     * (float32 arithmetic, results truncated):
     * <pre>
     * cropHeight = min(height, int(width * targetHeight / targetWidth)), at least 1
     * cropWidth  = min(width,  int(height * targetWidth / targetHeight)), at least 1
     * top = int((height - cropHeight) / 2),  left = int((width - cropWidth) / 2)
     * </pre>
     * A 340 x 500 image and a 200 x 200 target give the 340 x 340 window at column 80.
     */
    public static CropWindow centered(long height, long width, long targetHeight, long targetWidth) {
        if (height < 1 || width < 1 || targetHeight < 1 || targetWidth < 1) {
            throw new IllegalArgumentException("Sizes must be positive, received image " + height + " x " + width
                    + " and target " + targetHeight + " x " + targetWidth);
        }
        long cropHeight = Math.max(Math.min(height, (long) ((float) (width * targetHeight) / targetWidth)), 1);
        long cropWidth = Math.max(Math.min(width, (long) ((float) (height * targetWidth) / targetHeight)), 1);
        long top = (long) ((float) (height - cropHeight) / 2);
        long left = (long) ((float) (width - cropWidth) / 2);
        return new CropWindow(top, left, cropHeight, cropWidth);
    }
}
