package dev.graft.layers.preprocessing;

import dev.graft.layers.LayerConfig;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Interpolation;
import dev.graft.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras' {@code RandomCrop(height, width)}: outputs {@code [batch, height, width, channels]} (or
 * {@code [height, width, channels]}) windows of the input images.
 * <ul>
 *   <li>In training mode, when the input is larger than the target on both axes, the window is cut at a random
 *       place, the same for every image of the batch (as in Keras).</li>
 *   <li>Otherwise, and always in inference mode, the largest centered window with the target's aspect ratio is
 *       cut and resized to the target size (bilinear), as Keras documents.</li>
 * </ul>
 * No weights.
 */
public final class RandomCrop extends RandomImageLayer {
    private final int height;
    private final int width;

    /** {@code RandomCrop(height, width)}. */
    public RandomCrop(int height, int width) {
        this(builder().setHeight(height).setWidth(width));
    }

    private RandomCrop(Builder b) {
        super(b);
        if (b.height < 1 || b.width < 1) {
            throw new IllegalArgumentException("RandomCrop needs a positive height and width (setHeight, setWidth), "
                    + "received " + b.height + "x" + b.width);
        }
        this.height = b.height;
        this.width = b.width;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The height of the output images. */
    public int height() {
        return height;
    }

    /** The width of the output images. */
    public int width() {
        return width;
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        requireImages(inputShape);
        int r = inputShape.rank();
        return inputShape.with(r - 3, height).with(r - 2, width);
    }

    @Override
    protected Tensor augment(Tensor images) {
        long inHeight = images.shape().get(1);
        long inWidth = images.shape().get(2);
        if (inHeight > height && inWidth > width) {
            // Keras draws each offset uniformly from [0, size - target + 1) and truncates it.
            long top = (long) uniform(1, 0, inHeight - height + 1)[0];
            long left = (long) uniform(1, 0, inWidth - width + 1)[0];
            return images.slice(1, top, top + height).slice(2, left, left + width);
        }
        return centerCropAndResize(images);
    }

    @Override
    protected Tensor infer(Tensor images) {
        return centerCropAndResize(images);
    }

    /** Keras' crop to the target aspect ratio: the largest centered window, resized to the target if needed. */
    private Tensor centerCropAndResize(Tensor images) {
        long inHeight = images.shape().get(1);
        long inWidth = images.shape().get(2);
        long cropHeight = Math.max(Math.min(inHeight, (long) ((double) inWidth * height / width)), 1);
        long cropWidth = Math.max(Math.min(inWidth, (long) ((double) inHeight * width / height)), 1);
        long top = (inHeight - cropHeight) / 2;
        long left = (inWidth - cropWidth) / 2;
        Tensor window = images.slice(1, top, top + cropHeight).slice(2, left, left + cropWidth);
        return cropHeight == height && cropWidth == width ? window : window.resizeImages(height, width, Interpolation.BILINEAR);
    }

    /** Keras' options; the seed is always written, so a loaded layer cuts the same windows. */
    @Override
    protected void writeConfig(LayerConfig c) {
        c.put("height", height).put("width", width).put("seed", seed()).put("data_format", "channels_last");
    }

    /** The layer {@link #getConfig()} describes (Keras' {@code RandomCrop.from_config}). */
    public static RandomCrop fromConfig(LayerConfig c) {
        return readCommonConfig(c, builder()).setHeight(c.getInt("height")).setWidth(c.getInt("width")).build();
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("height", height);
        config.put("width", width);
        return config;
    }

    /** Builds a {@link RandomCrop}: {@link #setHeight} and {@link #setWidth} are required. */
    public static final class Builder extends RandomImageLayer.Builder<Builder> {
        private int height;
        private int width;

        /** The height of the output images, in pixels. */
        public Builder setHeight(int height) {
            this.height = height;
            return this;
        }

        /** The width of the output images, in pixels. */
        public Builder setWidth(int width) {
            this.width = width;
            return this;
        }

        public RandomCrop build() {
            return new RandomCrop(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
