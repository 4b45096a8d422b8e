package dev.graft.engine.torch;

import dev.graft.tensor.SeedGenerator;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.global.torch;

/** A libtorch CPU generator with a fixed seed. */
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
    }

    @Override
    public String toString() {
        return "SeedGenerator(seed=" + seed + ")";
    }
}
