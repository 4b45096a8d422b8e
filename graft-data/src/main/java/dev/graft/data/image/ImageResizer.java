package dev.graft.data.image;

import dev.graft.tensor.Interpolation;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.util.function.UnaryOperator;

/**
 * Resizes images to a fixed size, as {@code tf.image.resize} (antialias off) and, with
 * {@code cropToAspectRatio}, as Keras' {@code smart_resize} / {@code crop_to_aspect_ratio=True}: the largest
 * centered window with the target's aspect ratio ({@link CropWindow#centered}) is cut out first, so nothing
 * is distorted. Input {@code [height, width, channels]} or {@code [batch, height, width, channels]} of any
 * numeric type; output the same rank at the new size, float32.
 *
 * <pre>{@code
 * ImageResizer resize = new ImageResizer(150, 150);            // bilinear, as the Keras guide
 * Tensor small = resize.apply(decoder.decode(file));           // [150, 150, 3] float32
 * }</pre>
 */
public final class ImageResizer implements UnaryOperator<Tensor> {
    private final long height;
    private final long width;
    private final Interpolation interpolation;
    private final boolean cropToAspectRatio;

    /** Bilinear resizing to {@code height x width}, without cropping (Keras' defaults). */
    public ImageResizer(long height, long width) {
        this(builder().size(height, width));
    }

    private ImageResizer(Builder b) {
        if (b.height < 1 || b.width < 1) {
            throw new IllegalArgumentException("The target size must be positive (set it with size(height, "
                    + "width)), received " + b.height + " x " + b.width);
        }
        this.height = b.height;
        this.width = b.width;
        this.interpolation = b.interpolation;
        this.cropToAspectRatio = b.cropToAspectRatio;
    }

    /** Options beyond the size: interpolation and cropping. */
    public static Builder builder() {
        return new Builder();
    }

    /** The output height. */
    public long height() {
        return height;
    }

    /** The output width. */
    public long width() {
        return width;
    }

    /** How output pixels are computed; {@link Interpolation#BILINEAR} by default. */
    public Interpolation interpolation() {
        return interpolation;
    }

    /** Whether the largest centered window of the target's aspect ratio is cut out before resizing. */
    public boolean cropToAspectRatio() {
        return cropToAspectRatio;
    }

    /**
     * The images at the target size, float32.
     *
     * @throws IllegalArgumentException if {@code images} is not rank 3 or 4 or is empty
     */
    @Override
    public Tensor apply(Tensor images) {
        if (!cropToAspectRatio) {
            return images.resizeImages(height, width, interpolation);
        }
        int rank = images.rank();
        if (rank != 3 && rank != 4) {
            throw new IllegalArgumentException("Images must be [height, width, channels] or [batch, height, width, "
                    + "channels], received shape " + images.shape());
        }
        CropWindow crop = CropWindow.centered(images.shape().get(rank - 3), images.shape().get(rank - 2), height,
                width);
        try (TensorScope scope = TensorScope.open()) {
            Tensor window = images.slice(rank - 3, crop.top(), crop.top() + crop.height())
                    .slice(rank - 2, crop.left(), crop.left() + crop.width());
            return scope.keep(window.resizeImages(height, width, interpolation));
        }
    }

    @Override
    public String toString() {
        return "ImageResizer[" + height + " x " + width + ", " + interpolation
                + (cropToAspectRatio ? ", crop to aspect ratio" : "") + "]";
    }

    /** Options of an {@link ImageResizer}; {@link #size} is required. */
    public static final class Builder {
        private long height;
        private long width;
        private Interpolation interpolation = Interpolation.BILINEAR;
        private boolean cropToAspectRatio;

        private Builder() {
        }

        /** The output size. */
        public Builder size(long height, long width) {
            this.height = height;
            this.width = width;
            return this;
        }

        /** Default {@link Interpolation#BILINEAR}. */
        public Builder optInterpolation(Interpolation interpolation) {
            if (interpolation == null) {
                throw new IllegalArgumentException("interpolation must not be null; use Interpolation.BILINEAR "
                        + "or Interpolation.NEAREST");
            }
            this.interpolation = interpolation;
            return this;
        }

        /** Crop the largest centered window of the target's aspect ratio before resizing. Default false. */
        public Builder optCropToAspectRatio(boolean cropToAspectRatio) {
            this.cropToAspectRatio = cropToAspectRatio;
            return this;
        }

        /** @throws IllegalArgumentException if no positive size was given */
        public ImageResizer build() {
            return new ImageResizer(this);
        }
    }
}
