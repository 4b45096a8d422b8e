package dev.graft.bench;

import dev.graft.applications.MobileNet;
import dev.graft.applications.Weights;
import dev.graft.applications.Xception;
import dev.graft.models.Model;

/**
 * A base network at one square image size, with random weights: the guide's Xception at 150x150 or
 * MobileNet(alpha=0.25). Written {@code xception:150} or {@code mobilenet:224} on a child's command line.
 *
 * @param architecture {@code xception} or {@code mobilenet}
 * @param imageSize    the input's height and width
 */
record Workload(String architecture, int imageSize) {
    /** The guide's batch size, used for every workload. */
    static final int BATCH = 32;

    Workload {
        if (!architecture.equals("xception") && !architecture.equals("mobilenet")) {
            throw new IllegalArgumentException("Unknown architecture '" + architecture
                    + "'; use xception or mobilenet");
        }
        if (imageSize < 32) {
            throw new IllegalArgumentException("The image size must be at least 32, received " + imageSize);
        }
    }

    static Workload xception() {
        return new Workload("xception", 150);
    }

    static Workload mobileNet(int imageSize) {
        return new Workload("mobilenet", imageSize);
    }

    /** The workload {@link #spec()} wrote, e.g. {@code xception:150}. */
    static Workload parse(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("A workload is written architecture:size, e.g. xception:150, received '"
                    + spec + "'");
        }
        return new Workload(spec.substring(0, colon), Integer.parseInt(spec.substring(colon + 1)));
    }

    String spec() {
        return architecture + ":" + imageSize;
    }

    /** E.g. {@code Xception 150x150x3} or {@code MobileNet(alpha=0.25) 224x224x3}. */
    String title() {
        String name = architecture.equals("xception") ? "Xception" : "MobileNet(alpha=0.25)";
        return name + " " + imageSize + "x" + imageSize + "x3";
    }

    /** The base without its top, with random weights: {@code [batch, size, size, 3]} in, feature maps out. */
    Model buildBase() {
        if (architecture.equals("xception")) {
            return Xception.builder().optIncludeTop(false).optWeights(Weights.none())
                    .optInputShape(imageSize, imageSize, 3).build();
        }
        return MobileNet.builder().optAlpha(0.25).optIncludeTop(false).optWeights(Weights.none())
                .optInputShape(imageSize, imageSize, 3).build();
    }
}
