package dev.graft.tensor;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.List;
import dev.graft.testing.ResidentMemory;
import dev.graft.testing.TestJvm;
import org.junit.jupiter.api.Test;

/**
 * Trains a small conv net built directly from tensor ops for 2,000 steps and checks that the process's
 * resident memory stays flat: every step's tensors (activations, the recorded graph, gradients) must be
 * freed by the step's {@link TensorScope}, and nothing may pile up in libtorch or in JavaCPP.
 *
 * <p>The training runs in a JVM of its own ({@link TestJvm#MEMORY_OPTIONS}: a fixed, pre-touched heap) on one
 * kernel thread, which avoids stalls on a shared 2-core machine and does not change the memory behaviour. In the
 * suite's shared JVM the RSS also moved with whatever earlier tests left behind (threads still winding down,
 * heap regions committed and returned by G1): on a CI machine it once rose 42 MiB during the measured steps
 * with no leak in them. A pre-touched heap of fixed size is resident from the start, so what the RSS still
 * measures is native memory: libtorch's and JavaCPP's.
 *
 * <p>Bound: 32 MiB over the 1,800 measured steps, i.e. any steady leak above about 18 KiB a step fails.
 * Measured on 2 cores (libtorch 2.10 CPU): after the warm-up the settled RSS moves by under 0.5 MiB over
 * 1,600 steps, so the bound leaves a wide margin for other machines' allocators. Keeping one 8 x 8 x 8 x 8
 * float32 activation per step (16 KiB, plus the graph it holds) grew the RSS by 56 MiB in a trial run, which
 * this bound catches and a 64 MiB bound would not. Unreachable tensors are not leaks here: JavaCPP frees them
 * when the Java heap is collected.
 */
class MemoryStabilityTest {
    private static final int STEPS = 2000;
    private static final int WARM_UP = 200;
    private static final long BOUND_BYTES = 32L << 20;

    @Test
    void trainingStepsKeepResidentMemoryFlat() throws IOException, InterruptedException {
        assumeTrue(ResidentMemory.isAvailable(),
                "Skipped: resident memory is read from /proc/self/status, which only Linux has");
        TestJvm.runStatic(TestJvm.MEMORY_OPTIONS, MemoryStabilityTest.class, "train", 300);
    }

    private static void train() throws IOException {
        try (SeedGenerator g = SeedGenerator.of(2024);
             Tensor x = TensorScope.detach(Tensor.randomNormal(Shape.of(8, 16, 16, 3), 0, 1, DType.FLOAT32, g));
             Tensor y = TensorScope.detach(Tensor.randomUniform(Shape.of(8, 1), -1, 1, DType.FLOAT32, g));
             Variable k1 = variable("conv1/kernel", Shape.of(3, 3, 3, 8), 0.3, g);
             Variable b1 = new Variable("conv1/bias", Tensor.zeros(Shape.of(8), DType.FLOAT32), true);
             Variable k2 = variable("conv2/kernel", Shape.of(3, 3, 8, 8), 0.15, g);
             Variable b2 = new Variable("conv2/bias", Tensor.zeros(Shape.of(8), DType.FLOAT32), true);
             Variable wd = variable("dense/kernel", Shape.of(8, 1), 0.5, g);
             Variable bd = new Variable("dense/bias", Tensor.zeros(Shape.of(1), DType.FLOAT32), true)) {
            List<Variable> vars = List.of(k1, b1, k2, b2, wd, bd);
            double lr = 0.05;
            double firstLoss = Double.NaN;
            double lastLoss = Double.NaN;
            long rssWarm = 0;
            long tWarm = 0;
            long peak = 0;
            long lowest = Long.MAX_VALUE;
            for (int step = 0; step < STEPS; step++) {
                if (step == WARM_UP) {
                    rssWarm = ResidentMemory.settled();
                    tWarm = System.nanoTime();
                }
                if (step >= WARM_UP && step % 200 == 0) {
                    long rss = ResidentMemory.settled();
                    peak = Math.max(peak, rss);
                    lowest = Math.min(lowest, rss);
                    System.out.printf("  step %4d: RSS %.1f MiB, Java heap committed %.1f MiB%n", step,
                            rss / 1048576.0, Runtime.getRuntime().totalMemory() / 1048576.0);
                }
                try (TensorScope scope = TensorScope.open()) {
                    List<Tensor> grads;
                    Tensor loss;
                    try (GradientTape tape = GradientTape.open()) {
                        Tensor h = x.conv2d(k1.value(), b1.value(), new int[] {1, 1},
                                Padding2D.same(16, 16, 3, 3, 1, 1), new int[] {1, 1}, 1).relu();
                        h = h.maxPool2d(new int[] {2, 2}, new int[] {2, 2}, Padding2D.VALID);
                        h = h.conv2d(k2.value(), b2.value(), new int[] {1, 1}, Padding2D.same(8, 8, 3, 3, 1, 1),
                                new int[] {1, 1}, 1).relu();
                        Tensor pooled = h.mean(new int[] {1, 2}, false);
                        Tensor pred = pooled.matmul(wd.value()).add(bd.value());
                        loss = pred.sub(y).square().mean();
                        grads = tape.gradient(loss, vars);
                    }
                    for (int i = 0; i < vars.size(); i++) {
                        Variable v = vars.get(i);
                        v.assign(v.value().sub(grads.get(i).mul(lr)));
                    }
                    double value = loss.item();
                    if (step == 0) {
                        firstLoss = value;
                    }
                    lastLoss = value;
                }
            }
            long tEnd = System.nanoTime();
            long rssEnd = ResidentMemory.settled();
            peak = Math.max(peak, rssEnd);
            long growth = rssEnd - rssWarm;
            long peakGrowth = peak - rssWarm;
            // A leak shows both as growth from the warm-up figure and as growth from the lowest sample.
            long growthFromLowest = rssEnd - lowest;
            double stepsPerSecond = (STEPS - WARM_UP) / ((tEnd - tWarm) / 1e9);
            System.out.printf("MemoryStabilityTest: RSS after %d warm-up steps %.1f MiB, after %d steps "
                            + "%.1f MiB, peak %.1f MiB, lowest %.1f MiB, growth %.2f MiB (%.2f MiB from the lowest; "
                            + "bound %d MiB); %.0f steps/s; loss %.4g -> %.4g%n",
                    WARM_UP, rssWarm / 1048576.0, STEPS, rssEnd / 1048576.0, peak / 1048576.0,
                    lowest / 1048576.0, growth / 1048576.0, growthFromLowest / 1048576.0,
                    BOUND_BYTES >> 20,
                    stepsPerSecond, firstLoss, lastLoss);
            assertTrue(growthFromLowest < BOUND_BYTES, "Resident memory grew " + (growthFromLowest >> 20)
                    + " MiB from its lowest sample after the warm-up");
            assertTrue(peakGrowth < BOUND_BYTES, "Resident memory peaked " + (peakGrowth >> 20)
                    + " MiB above the warm-up level");
            assertTrue(growth < BOUND_BYTES, "Resident memory grew by " + (growth >> 20) + " MiB over "
                    + (STEPS - WARM_UP) + " steps (from " + (rssWarm >> 20) + " MiB to " + (rssEnd >> 20) + " MiB)");
            assertTrue(lastLoss < 0.5 * firstLoss, "training did not reduce the loss: " + firstLoss + " -> "
                    + lastLoss);
        }
    }

    private static Variable variable(String name, Shape shape, double stddev, SeedGenerator g) {
        try (Tensor init = Tensor.randomNormal(shape, 0, stddev, DType.FLOAT32, g)) {
            return new Variable(name, init, true);
        }
    }
}
