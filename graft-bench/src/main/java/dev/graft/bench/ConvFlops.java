package dev.graft.bench;

import dev.graft.layers.BaseConv2D;
import dev.graft.layers.Conv2D;
import dev.graft.layers.DepthwiseConv2D;
import dev.graft.layers.Layer;
import dev.graft.layers.SeparableConv2D;
import dev.graft.models.Model;
import dev.graft.tensor.Shape;

/**
 * The analytic FLOPs of a model's convolutions per image, counted as the peer counts them: twice the
 * multiply-adds of every {@link Conv2D}, {@link DepthwiseConv2D} and {@link SeparableConv2D} (its depthwise and
 * its pointwise step), in nested models too; everything else (BatchNormalization, pooling, the head) is left
 * out. A convolution of output {@code [batch, oh, ow, cout]} costs {@code oh * ow * cout * kh * kw * cin / groups}
 * multiply-adds per image; a depthwise one {@code oh * ow * cin * m * kh * kw}.
 *
 * @param forward   the forward FLOPs per image
 * @param firstConv the forward FLOPs of the first convolution, which needs no input gradient in training
 * @param convs     the number of convolutions counted (a SeparableConv2D counts twice, as two convolutions)
 */
record ConvFlops(long forward, long firstConv, int convs) {

    /** The FLOPs of {@code model}, built for inputs of known height and width. */
    static ConvFlops of(Model model) {
        Counter counter = new Counter();
        counter.visit(model);
        if (counter.convs == 0) {
            throw new IllegalArgumentException("Model '" + model.name() + "' has no convolution to count");
        }
        return new ConvFlops(2 * counter.macs, 2 * counter.firstMacs, counter.convs);
    }

    /**
     * The FLOPs per image of a training step through every layer: the forward, the input gradients of every
     * convolution but the first, and the weight gradients (each the size of the forward), as the peer counts.
     */
    long trainingStep() {
        return 3 * forward - firstConv;
    }

    private static final class Counter {
        private long macs;
        private long firstMacs;
        private int convs;

        void visit(Model model) {
            for (Layer layer : model.layers()) {
                if (layer instanceof Model nested) {
                    visit(nested);
                } else if (layer instanceof BaseConv2D conv) {
                    add(conv);
                }
            }
        }

        private void add(BaseConv2D conv) {
            if (conv.buildShapes().isEmpty()) {
                throw new IllegalArgumentException("Layer '" + conv.name() + "' is not built, so its FLOPs are "
                        + "unknown: count a model built for a known input shape");
            }
            Shape in = conv.buildShapes().get(0);
            Shape out = conv.computeOutputShape(in);
            long positions = out.get(1) * out.get(2);
            if (positions <= 0) {
                throw new IllegalArgumentException("Layer '" + conv.name() + "' has output " + out + " of unknown "
                        + "height or width: count a model built for a known input shape");
            }
            long cin = in.last();
            int[] k = conv.kernelSize();
            long window = (long) k[0] * k[1];
            long layerMacs;
            // The first convolution of this layer: a SeparableConv2D's depthwise step comes before its pointwise.
            long leadingMacs;
            int count = 1;
            if (conv instanceof Conv2D c) {
                layerMacs = positions * c.filters() * window * (cin / c.groups());
                leadingMacs = layerMacs;
            } else if (conv instanceof DepthwiseConv2D d) {
                layerMacs = positions * cin * d.depthMultiplier() * window;
                leadingMacs = layerMacs;
            } else if (conv instanceof SeparableConv2D s) {
                long depthwiseChannels = cin * s.depthMultiplier();
                leadingMacs = positions * depthwiseChannels * window;
                layerMacs = leadingMacs + positions * depthwiseChannels * s.filters();
                count = 2;
            } else {
                throw new IllegalArgumentException("Layer '" + conv.name() + "' is a convolution of unknown kind "
                        + conv.getClass().getSimpleName());
            }
            if (convs == 0) {
                firstMacs = leadingMacs;
            }
            macs += layerMacs;
            convs += count;
        }
    }
}
