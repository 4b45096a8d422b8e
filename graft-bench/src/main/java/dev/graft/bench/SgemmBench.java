package dev.graft.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.tensor.DType;
import dev.graft.tensor.Padding2D;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The machine's float32 GEMM speed through Graft's facade, as the peer's {@code sgemm_peak()} measures it: a
 * 1024x1024 by 1024x1024 {@code matmul}, and the same GEMM as a 1x1 convolution of a {@code [1, 32, 32, 1024]}
 * image with 1024 filters (the kernel that does the models' pointwise convolutions). 2 * 1024^3 FLOPs each;
 * after 3 untimed calls, the median and the best of {@code reps} calls.
 */
final class SgemmBench {
    private static final int N = 1024;
    private static final double FLOPS = 2.0 * N * N * N;
    private static final int[] ONE = {1, 1};

    private SgemmBench() {
    }

    static ObjectNode run(int reps) {
        ObjectNode result = ResultLine.JSON.createObjectNode();
        try (TensorScope scope = TensorScope.open(); SeedGenerator seed = SeedGenerator.of(7)) {
            Tensor a = Tensor.randomNormal(Shape.of(N, N), 0, 1, DType.FLOAT32, seed);
            Tensor b = Tensor.randomNormal(Shape.of(N, N), 0, 1, DType.FLOAT32, seed);
            List<Double> matmul = time(() -> a.matmul(b), reps);
            Tensor image = Tensor.randomNormal(Shape.of(1, 32, 32, N), 0, 1, DType.FLOAT32, seed);
            Tensor kernel = Tensor.randomNormal(Shape.of(1, 1, N, N), 0, 1, DType.FLOAT32, seed);
            List<Double> conv = time(() -> image.conv2d(kernel, null, ONE, Padding2D.VALID, ONE, 1), reps);
            result.put("reps", reps)
                    .put("matmul_median_ms", Stats.median(matmul) * 1e3)
                    .put("matmul_gflops", FLOPS / Stats.median(matmul) / 1e9)
                    .put("matmul_best_gflops", FLOPS / Stats.min(matmul) / 1e9)
                    .put("conv1x1_gflops", FLOPS / Stats.median(conv) / 1e9)
                    .put("conv1x1_best_gflops", FLOPS / Stats.min(conv) / 1e9);
        }
        return result;
    }

    /** Seconds per call of {@code op} after 3 untimed calls; each result is freed after its call. */
    private static List<Double> time(Supplier<Tensor> op, int reps) {
        List<Double> seconds = new ArrayList<>();
        for (int i = -3; i < reps; i++) {
            try (TensorScope call = TensorScope.open()) {
                long start = System.nanoTime();
                op.get();
                if (i >= 0) {
                    seconds.add((System.nanoTime() - start) / 1e9);
                }
            }
        }
        return seconds;
    }
}
