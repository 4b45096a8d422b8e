package dev.graft.engine.torch;

import dev.graft.tensor.SeedGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * A libtorch CPU generator with a fixed seed, plus one generator per GPU, made with the same seed when an op
 * on that GPU first draws from it (libtorch's GPU kernels need a generator of their device).
 *
 * <p>Its state ({@link #getState}) is libtorch's {@code Generator.get_state()} of each of these generators:
 * a header ({@link #STATE_MAGIC}, the seed, the number of generators), then per generator its device index
 * (-1 for the CPU), the length of its state and the state's bytes, big-endian.
 */
final class TorchSeedGenerator implements SeedGenerator {
    /** The first bytes of a state, "GSG1": a state from elsewhere is refused rather than misread. */
    private static final int STATE_MAGIC = 0x47534731;
    private static final int CPU = -1;

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
    public byte[] getState() {
        Generator cpu = unwrap(this);
        Map<Integer, Generator> all = new TreeMap<>();
        all.put(CPU, cpu);
        synchronized (gpuGenerators) {
            all.putAll(gpuGenerators);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(STATE_MAGIC);
            out.writeLong(seed);
            out.writeInt(all.size());
            for (Map.Entry<Integer, Generator> e : all.entrySet()) {
                byte[] state = stateOf(e.getValue());
                out.writeInt(e.getKey());
                out.writeInt(state.length);
                out.write(state);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    @Override
    public void setState(byte[] state) {
        Generator cpu = unwrap(this);
        Map<Integer, byte[]> states = parseState(state);
        for (Map.Entry<Integer, byte[]> e : states.entrySet()) {
            Generator target = e.getKey() == CPU ? cpu : gpuGenerator(e.getKey());
            setStateOf(target, e.getValue(), e.getKey());
        }
    }

    /** The generator states in {@code state} by device index, after checking its layout. */
    private Map<Integer, byte[]> parseState(byte[] state) {
        if (state == null) {
            throw new IllegalArgumentException(this + ": setState needs the bytes getState returned, received null");
        }
        Map<Integer, byte[]> states = new TreeMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            if (state.length < 16 || in.readInt() != STATE_MAGIC) {
                throw badState(state, "it does not start with the libtorch engine's header");
            }
            long savedSeed = in.readLong();
            if (savedSeed != seed) {
                throw new IllegalArgumentException(this + ": the state was taken from a generator seeded with "
                        + savedSeed + "; restore it into the generator it came from (same layer, same seed)");
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                int device = in.readInt();
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw badState(state, "generator " + i + " claims " + length + " bytes, " + in.available()
                            + " are left");
                }
                states.put(device, in.readNBytes(length));
            }
            if (!states.containsKey(CPU) || in.available() != 0) {
                throw badState(state, "it has no CPU generator or bytes after the last generator");
            }
        } catch (IOException e) {
            throw badState(state, "it ends early");
        }
        return states;
    }

    private IllegalArgumentException badState(byte[] state, String why) {
        return new IllegalArgumentException(this + " cannot restore a state of " + state.length + " bytes: " + why
                + "; pass bytes from getState() of this engine");
    }

    private static byte[] stateOf(Generator g) {
        try (PointerScope scope = new PointerScope()) {
            Tensor state = g.get_state();
            byte[] bytes = new byte[Math.toIntExact(state.numel())];
            state.data_ptr_byte().get(bytes);
            return bytes;
        }
    }

    private void setStateOf(Generator g, byte[] bytes, int device) {
        try (PointerScope scope = new PointerScope()) {
            Tensor state = torch.empty(new long[] {bytes.length}, new TensorOptions(torch.ScalarType.Byte),
                    new MemoryFormatOptional());
            state.data_ptr_byte().put(bytes);
            g.set_state(state);
        } catch (RuntimeException e) {
            // libtorch checks the size and contents of a state and throws a c10::Error otherwise.
            throw new IllegalArgumentException(this + " cannot restore the state of its "
                    + (device == CPU ? "CPU" : "GPU " + device) + " generator (" + bytes.length + " bytes): "
                    + e.getMessage(), e);
        }
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
        return ((TorchSeedGenerator) g).gpuGenerator(device.has_index() ? device.index() : 0);
    }

    /** The generator of GPU {@code index}, made with this generator's seed the first time it is needed. */
    private Generator gpuGenerator(int index) {
        synchronized (gpuGenerators) {
            return gpuGenerators.computeIfAbsent(index, i -> {
                Generator gpu = torch.getCUDAHooks().getNewGenerator((byte) (int) i);
                gpu.set_current_seed(seed);
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
