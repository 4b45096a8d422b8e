package dev.graft.optimizers;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.graft.tensor.DType;
import dev.graft.tensor.SeedGenerator;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import dev.graft.testing.ResidentMemory;
import dev.graft.testing.TestJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Updates are in place and allocation-light: a step makes no variable-sized temporaries (RMSprop one per
 * variable, freed before the next), and many steps leave the process's memory flat.
 *
 * <p>Both tests read the anonymous resident memory (RssAnon: native and Java heap) rather than the whole RSS:
 * on this shared machine the file-backed pages of libtorch's code come and go under other processes'
 * memory pressure, which moved the whole RSS by up to 100 MiB between samples. Each runs in a JVM of its own,
 * as {@code MemoryStabilityTest} explains, so that memory the other tests free late does not move the samples.
 */
class OptimizerMemoryTest {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    private static final long MIB = 1L << 20;

    /** A field of /proc/self/status, in bytes. */
    private static long status(String field) throws IOException {
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.trim().split("\\s+")[1]) * 1024; // reported in kB
            }
        }
        throw new IllegalStateException("No " + field + " line in " + STATUS);
    }

    /**
     * The first step of each optimizer over four [512, 4096] float32 variables (8 MiB each), after a warm-up
     * of the same kind of optimizer on small variables (JIT, kernels, thread pools) and with every measured
     * optimizer kept alive, so that no freed memory is there to reuse: the peak RSS may grow by the new state,
     * one variable-sized buffer (the zeros each state variable is copied from), the temporaries allowed per
     * variable, and 96 MiB of slack: 32 MiB for the Java side and 64 MiB for glibc, which keeps freed buffers
     * of this size resident instead of reusing them (creating and closing 8 MiB zeros 16 times grew the RSS
     * by 64 MiB before it levelled off; with MALLOC_MMAP_THRESHOLD_ fixed it did not grow). The arithmetic
     * before in-place updates made about a dozen variable-sized temporaries per variable, all alive until the
     * end of the step: Adam's first step then peaked about 500 MiB above its start here, against the 168 MiB
     * allowed (measured now: 128 MiB). Writing 5 to clear_refs resets the peak (VmHWM) to the current RSS
     * (Linux 4.0 and later).
     */
    @Test
    void aStepAllocatesNoVariableSizedTemporaries() throws IOException, InterruptedException {
        assumeTrue(ResidentMemory.isAvailable() && Files.isWritable(CLEAR_REFS),
                "Skipped: the peak resident memory is read and reset through /proc/self (Linux only)");
        TestJvm.runStatic(TestJvm.MEMORY_OPTIONS, OptimizerMemoryTest.class, "firstStepsOfLargeVariables", 300);
    }

    private static void firstStepsOfLargeVariables() throws IOException {
        List<Supplier<Optimizer>> factories = List.of(() -> SGD.builder().optMomentum(0.9).optNesterov(true).build(),
                () -> new Adam(1e-5), () -> new AdamW(1e-5),
                () -> RMSprop.builder().optMomentum(0.9).optCentered(true).build());
        int[] temporariesPerVariable = {0, 0, 0, 1};
        List<Variable> variables = new ArrayList<>();
        List<Optimizer> optimizers = new ArrayList<>();
        try (TensorScope scope = TensorScope.open(); SeedGenerator g = SeedGenerator.of(3)) {
            for (Supplier<Optimizer> factory : factories) {
                warmUp(factory.get(), g);
            }
            Shape shape = Shape.of(512, 4096);
            long variableBytes = shape.size() * 4;
            List<Tensor> grads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                variables.add(new Variable("conv" + i + "/kernel",
                        Tensor.randomNormal(shape, 0, 0.05, DType.FLOAT32, g), true));
                grads.add(Tensor.randomNormal(shape, 0, 1e-3, DType.FLOAT32, g));
            }
            for (int k = 0; k < factories.size(); k++) {
                Optimizer optimizer = factories.get(k).get();
                optimizers.add(optimizer);
                long before = ResidentMemory.settled();
                Files.writeString(CLEAR_REFS, "5");
                optimizer.applyGradients(grads, variables);
                long growth = status("VmHWM") - before;
                long state = optimizer.variables().size() * variableBytes;
                long allowed = state + (1 + temporariesPerVariable[k]) * variableBytes + 96 * MIB;
                System.out.printf("%s: first step raised the peak RSS by %.1f MiB (state %.0f MiB, allowed %.0f MiB)%n",
                        optimizer.name(), growth / (double) MIB, state / (double) MIB, allowed / (double) MIB);
                assertTrue(growth < allowed, optimizer + " raised the peak RSS by " + growth / MIB + " MiB, more than "
                        + allowed / MIB + " MiB");
            }
        } finally {
            optimizers.forEach(Optimizer::close);
            variables.forEach(Variable::close);
        }
    }

    private static void warmUp(Optimizer optimizer, SeedGenerator g) {
        Shape shape = Shape.of(64, 64);
        try (optimizer; TensorScope scope = TensorScope.open();
             Variable w = new Variable("warm_up/w", Tensor.randomNormal(shape, 0, 1, DType.FLOAT32, g), true)) {
            Tensor grad = Tensor.randomNormal(shape, 0, 1, DType.FLOAT32, g);
            for (int step = 0; step < 5; step++) {
                optimizer.applyGradients(List.of(grad), List.of(w));
            }
        }
    }

    /**
     * 600 steps of Adam (AMSGrad, weight decay), SGD (momentum) and centered RMSprop over 50 small variables,
     * after 200 warm-up steps, with the settled anonymous RSS sampled every 100 steps: the lowest of the last
     * two samples exceeds the lowest of the first two by less than 32 MiB (the bound of the other memory
     * tests). Single samples jump by up to 110 MiB and fall back (the JVM's own transient memory), so the test
     * compares floors, which a leak raises: one of 1 KiB per variable and step (the call lists of the fused
     * Adam kernel, say) would add about 88 MiB. Measured in its own JVM: the floors differ by 0.4 MiB.
     */
    @Test
    void manyStepsKeepMemoryFlat() throws IOException, InterruptedException {
        assumeTrue(ResidentMemory.isAvailable(),
                "Skipped: resident memory is read from /proc/self/status (Linux only)");
        TestJvm.runStatic(TestJvm.MEMORY_OPTIONS, OptimizerMemoryTest.class, "manySmallSteps", 300);
    }

    private static void manySmallSteps() throws IOException {
        List<Variable> variables = new ArrayList<>();
        List<Optimizer> optimizers = List.of(Adam.builder().optAmsgrad(true).optWeightDecay(0.01).build(),
                SGD.builder().optMomentum(0.9).build(), RMSprop.builder().optCentered(true).build());
        try (TensorScope scope = TensorScope.open(); SeedGenerator g = SeedGenerator.of(4)) {
            List<Tensor> grads = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Shape shape = Shape.of(i % 2 == 0 ? 64 : 256);
                variables.add(new Variable("layer" + i + "/w", Tensor.randomNormal(shape, 0, 0.05, DType.FLOAT32, g),
                        true));
                grads.add(Tensor.randomNormal(shape, 0, 1e-3, DType.FLOAT32, g));
            }
            List<Long> samples = new ArrayList<>();
            for (int step = 0; step <= 800; step++) {
                if (step >= 200 && step % 100 == 0) {
                    ResidentMemory.settled();
                    samples.add(status("RssAnon"));
                    System.out.printf("  step %3d: RssAnon %.1f MiB, Java heap committed %.1f MiB%n", step,
                            samples.get(samples.size() - 1) / (double) MIB,
                            Runtime.getRuntime().totalMemory() / (double) MIB);
                }
                for (Optimizer optimizer : optimizers) {
                    optimizer.applyGradients(grads, variables);
                }
            }
            int n = samples.size();
            long firstFloor = Math.min(samples.get(0), samples.get(1));
            long lastFloor = Math.min(samples.get(n - 2), samples.get(n - 1));
            System.out.printf("optimizer steps: RssAnon floor %+.1f MiB over 600 steps%n",
                    (lastFloor - firstFloor) / (double) MIB);
            assertTrue(lastFloor - firstFloor < 32 * MIB, "RssAnon grew over 600 steps: " + samples);
        } finally {
            optimizers.forEach(Optimizer::close);
            variables.forEach(Variable::close);
        }
    }
}
