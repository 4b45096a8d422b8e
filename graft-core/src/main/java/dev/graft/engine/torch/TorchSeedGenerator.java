package dev.graft.engine.torch;

import dev.graft.tensor.SeedGenerator;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.global.torch;

/**
 * A libtorch CPU generator with a fixed seed, plus one generator per GPU, made with the same seed when an op
 * on that GPU first draws from it (libtorch's GPU kernels need a generator of their device).
 */
final class TorchSeedGenerator implements SeedGenerator {
    private final long seed;
    private final Generator generator;

    TorchSeedGenerator(long seed) {
        Natives.initThread();
        this.seed = seed;
        this.generator = torch.make_generator_cpu(seed);
    }

    static Generator unwrap(SeedGenerator g) {
        if (!(g instanceof TorchSeedGenerator t)) {
            throw new IllegalArgumentException("Expected a SeedGenerator of the libtorch engine, received "
                    + (g == null ? "null" : g.getClass().getName()));
        }
        if (t.generator.isNull()) {
            throw new IllegalStateException("SeedGenerator(seed=" + t.seed + ") is closed");
        }
        return t.generator;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public void close() {
        if (!generator.isNull()) {
            generator.close();
        }
        closeGpuGenerators();
    }

    @Override
    public String toString() {
        return "SeedGenerator(seed=" + seed + ")";
    }

    // ---- added for devices ----

    /** The generators of the GPUs this one has drawn on, by device index. */
    private final Map<Integer, Generator> gpuGenerators = new HashMap<>();

    /** The generator for ops on {@code device}: the CPU one, or that GPU's. */
    static Generator unwrap(SeedGenerator g, Device device) {
        Generator cpu = unwrap(g);
        if (device.is_cpu()) {
            return cpu;
        }
        TorchSeedGenerator t = (TorchSeedGenerator) g;
        int index = device.has_index() ? device.index() : 0;
        synchronized (t.gpuGenerators) {
            return t.gpuGenerators.computeIfAbsent(index, i -> {
                Generator gpu = torch.getCUDAHooks().getNewGenerator((byte) (int) i);
                gpu.set_current_seed(t.seed);
                // Ops run inside a PointerScope that frees what they make; the generator outlives the op.
                PointerScope scope = PointerScope.getInnerScope();
                if (scope != null) {
                    gpu.retainReference();
                    scope.detach(gpu);
                }
                return gpu;
            });
        }
    }

    private void closeGpuGenerators() {
        synchronized (gpuGenerators) {
            gpuGenerators.values().forEach(Generator::close);
            gpuGenerators.clear();
        }
    }
}
