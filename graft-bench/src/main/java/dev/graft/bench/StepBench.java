package dev.graft.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.tensor.DType;
import dev.graft.tensor.NoGrad;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.training.FitOptions;
import dev.graft.training.InferenceOptions;
import java.util.List;

/**
 * Times the steps of one mode of a workload through the public API, in a child process: {@code predict} for
 * inference, {@code fit} for the training phases, each over {@code warmup + iters} distinct random batches
 * with a {@link StepTimer}; the first {@code warmup} steps are not kept. {@code fit}'s reuse of the frozen
 * prefix across epochs is off: it cannot help within one epoch of distinct batches, and its bookkeeping is not
 * part of a step.
 */
final class StepBench {
    /** The seed of the calibration batch; step batches use seeds from {@link #STEP_SEED}. */
    private static final long CALIBRATION_SEED = 1;
    private static final long STEP_SEED = 1000;

    private StepBench() {
    }

    static ObjectNode run(Workload workload, Mode mode, int iters, int warmup) {
        if (iters < 1 || warmup < 0) {
            throw new IllegalArgumentException("Need iters >= 1 and warmup >= 0, received iters=" + iters
                    + " warmup=" + warmup);
        }
        ObjectNode result = ResultLine.JSON.createObjectNode();
        result.put("workload", workload.spec()).put("mode", mode.key()).put("batch", Workload.BATCH)
                .put("iters", iters).put("warmup", warmup);
        try (GuideModel guide = GuideModel.build(workload)) {
            long[] params = guide.baseParams();
            result.put("base_trainable_params", params[0]).put("base_non_trainable_params", params[1])
                    .put("base_params", params[0] + params[1]);
            ConvFlops flops = ConvFlops.of(guide.base());
            result.put("forward_flops_per_image", flops.forward()).put("first_conv_flops_per_image", flops.firstConv())
                    .put("convs", flops.convs());
            calibrate(guide, workload, result);
            result.put("rss_after_build_mib", ProcessMemory.currentMib());
            guide.prepare(mode);
            StepTimer timer = new StepTimer(warmup);
            RandomBatches batches = new RandomBatches(warmup + iters, workload.imageSize(), mode != Mode.INFERENCE,
                    STEP_SEED);
            if (mode == Mode.INFERENCE) {
                guide.model().predict(batches, InferenceOptions.builder().optVerbose(0).optCallbacks(timer).build())
                        .close();
            } else {
                // Distinct batches never hit the frozen-prefix store; off, its hashing stays out of the steps.
                guide.model().fit(batches, FitOptions.builder().optVerbose(0).optCallbacks(timer)
                        .optReuseFrozenPrefix(false).build());
            }
            List<Double> times = timer.allStepMs();
            ArrayNode timesNode = result.putArray("times_ms");
            times.forEach(timesNode::add);
            double median = Stats.median(times);
            result.put("median_ms", median).put("min_ms", Stats.min(times))
                    .put("images_per_s", Workload.BATCH / (median / 1000))
                    .put("foreign_cpu_share", timer.foreignShare());
        }
        return result;
    }

    /**
     * Calibrates the base's BatchNormalization statistics on a random batch and checks that the model's
     * inference-mode logits on it are finite, recording their mean and standard deviation.
     */
    private static void calibrate(GuideModel guide, Workload workload, ObjectNode result) {
        try (TensorScope scope = TensorScope.open(); SeedGenerator seed = SeedGenerator.of(CALIBRATION_SEED)) {
            Tensor images = Tensor.randomUniform(Shape.of(Workload.BATCH, workload.imageSize(), workload.imageSize(),
                    3), 0, 255, DType.FLOAT32, seed);
            guide.calibrate(images);
            float[] logits;
            try (NoGrad noGrad = NoGrad.open()) {
                logits = guide.model().call(images, false).toFloatArray();
            }
            double sum = 0;
            double squares = 0;
            for (float v : logits) {
                if (!Float.isFinite(v)) {
                    throw new IllegalStateException("The calibrated " + workload.title() + " model gives a "
                            + "non-finite logit (" + v + "): its activations overflow");
                }
                sum += v;
                squares += (double) v * v;
            }
            double mean = sum / logits.length;
            double variance = Math.max(squares / logits.length - mean * mean, 0);
            result.put("logit_mean", mean).put("logit_std", Math.sqrt(variance));
        }
    }
}
