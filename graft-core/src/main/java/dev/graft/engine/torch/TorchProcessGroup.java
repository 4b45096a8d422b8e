package dev.graft.engine.torch;

import dev.graft.distributed.DistributedException;
import dev.graft.distributed.ProcessGroup;
import dev.graft.distributed.Rendezvous;
import dev.graft.tensor.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.Backend;
import org.bytedeco.pytorch.BroadcastOptions;
import org.bytedeco.pytorch.GlooDeviceVector;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.Work;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.nccl.ProcessGroupNCCL;

/**
 * A c10d process group: a {@code TCPStore} served by rank 0 for the rendezvous, and {@code ProcessGroupGloo}
 * (CPU) or {@code ProcessGroupNCCL} (GPU) for the collectives. Tensors of a call are flattened into one buffer, reduced in place and split again.
 */
final class TorchProcessGroup implements ProcessGroup {
    /** {@code [<path>/<file>:<line>] <message>}, as c10d and Gloo begin their errors. */
    private static final Pattern SOURCE_PREFIX = Pattern.compile("\\[(?:[^\\]]*/)?([^/\\]]+:\\d+)\\] (.*)");

    private final Rendezvous rendezvous;
    private final TCPStore store;
    private final Backend backend;
    private boolean closed;

    private TorchProcessGroup(Rendezvous rendezvous, TCPStore store, Backend backend) {
        this.rendezvous = rendezvous;
        this.store = store;
        this.backend = backend;
    }

    static TorchProcessGroup join(Rendezvous rendezvous, Device device) {
        Natives.initThread();
        Milliseconds timeout = new Milliseconds(rendezvous.timeout().toMillis());
        TCPStore store = null;
        try {
            TCPStoreOptions options = new TCPStoreOptions();
            options.port((short) rendezvous.masterPort());
            options.isServer(rendezvous.rank() == 0);
            options.numWorkers(new SizeTPointer(1).put(rendezvous.worldSize()));
            options.waitWorkers(true);
            options.timeout(timeout);
            store = new TCPStore(rendezvous.masterAddress(), options);
            Backend backend = device.isCuda() ? nccl(store, rendezvous) : gloo(store, rendezvous, timeout);
            return new TorchProcessGroup(rendezvous, store, backend);
        } catch (RuntimeException e) {
            if (store != null) {
                store.close();
            }
            throw new DistributedException("Cannot join the process group as " + rendezvous + ": "
                    + firstLine(e) + "; check that every process has the same MASTER_ADDR, MASTER_PORT and "
                    + "WORLD_SIZE, that the port is free on rank 0, and that all processes start within "
                    + rendezvous.timeout().toSeconds() + " s", e);
        }
    }

    private static Backend gloo(TCPStore store, Rendezvous rendezvous, Milliseconds timeout) {
        ProcessGroupGloo.Options groupOptions = new ProcessGroupGloo.Options(timeout);
        GlooDeviceVector transports = new GlooDeviceVector(1);
        transports.put(0, ProcessGroupGloo.createDeviceForHostname(localHost(rendezvous)));
        groupOptions.devices(transports);
        return new ProcessGroupGloo(store, rendezvous.rank(), rendezvous.worldSize(), groupOptions);
    }

    /** NCCL between GPUs: present only in the CUDA build of the engine, with NCCL installed on the machine. */
    private static Backend nccl(TCPStore store, Rendezvous rendezvous) {
        try {
            return new ProcessGroupNCCL(store, rendezvous.rank(), rendezvous.worldSize());
        } catch (LinkageError e) {
            throw new IllegalStateException("Distributed training on a GPU needs NCCL, which this build of the "
                    + "engine lacks (" + e.getMessage() + "); build with the Maven profile cuda on a machine with "
                    + "NCCL installed, or train on the CPU (Gloo)", e);
        }
    }

    /** The address Gloo binds to: loopback when the master is local, else this host's name. */
    private static String localHost(Rendezvous rendezvous) {
        String master = rendezvous.masterAddress();
        if (master.equals("127.0.0.1") || master.equals("localhost") || master.equals("::1")) {
            return master;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            throw new DistributedException("Cannot find this host's name to join " + rendezvous, e);
        }
    }

    @Override
    public int rank() {
        return rendezvous.rank();
    }

    @Override
    public int worldSize() {
        return rendezvous.worldSize();
    }

    @Override
    public List<dev.graft.tensor.Tensor> allReduceSum(List<dev.graft.tensor.Tensor> tensors, double scale) {
        return collective("allReduceSum", tensors, buffer -> {
            if (scale != 1.0) {
                buffer.mul_(new Scalar(scale));
            }
            return backend.allreduce(new TensorVector(buffer));
        });
    }

    @Override
    public List<dev.graft.tensor.Tensor> broadcast(List<dev.graft.tensor.Tensor> tensors, int root) {
        if (root < 0 || root >= worldSize()) {
            throw new IllegalArgumentException("broadcast root must be 0 to " + (worldSize() - 1)
                    + ", received " + root);
        }
        return collective("broadcast", tensors, buffer -> {
            BroadcastOptions options = new BroadcastOptions();
            options.rootRank(root);
            return backend.broadcast(new TensorVector(buffer), options);
        });
    }

    @Override
    public void barrier() {
        checkOpen("barrier");
        run("barrier", () -> {
            backend.barrier()._wait();
            return null;
        });
    }

    private List<dev.graft.tensor.Tensor> collective(String op, List<dev.graft.tensor.Tensor> tensors,
            java.util.function.Function<Tensor, Work> start) {
        checkOpen(op);
        if (tensors.isEmpty()) {
            return List.of();
        }
        dev.graft.tensor.Tensor first = tensors.get(0);
        List<Tensor> natives = new ArrayList<>(tensors.size());
        for (dev.graft.tensor.Tensor t : tensors) {
            if (t.dtype() != first.dtype() || !t.device().equals(first.device())) {
                throw new IllegalArgumentException(op + " needs tensors of one dtype and device, received "
                        + first.dtype() + " on " + first.device() + " and " + t.dtype() + " on " + t.device()
                        + "; call it once per dtype and device");
            }
            natives.add(TorchTensor.unwrap(t));
        }
        Tensor buffer = Natives.call(() -> {
            TensorVector flat = new TensorVector();
            for (Tensor n : natives) {
                flat.push_back(n.reshape(-1));
            }
            return torch.cat(flat);
        }, tensors);
        try {
            run(op, () -> {
                start.apply(buffer)._wait();
                return null;
            });
            List<dev.graft.tensor.Tensor> results = new ArrayList<>(tensors.size());
            long offset = 0;
            for (Tensor n : natives) {
                long numel = n.numel();
                long start0 = offset;
                results.add(new TorchTensor(Natives.call(() -> buffer.narrow(0, start0, numel).view(n.sizes()), null)));
                offset += numel;
            }
            return results;
        } finally {
            buffer.close();
        }
    }

    private <T> T run(String op, Supplier<T> call) {
        try (PointerScope scope = new PointerScope()) {
            return call.get();
        } catch (RuntimeException e) {
            throw new DistributedException(op + " failed on " + rendezvous + ": " + firstLine(e)
                    + "; another process has probably died or stopped answering within "
                    + rendezvous.timeout().toSeconds() + " s", e);
        }
    }

    private void checkOpen(String op) {
        if (closed) {
            throw new IllegalStateException(op + " on a closed process group (" + rendezvous + ")");
        }
    }

    /**
     * The first line of the engine's message, with the build machine's source path it starts with
     * ({@code [/home/.../gloo/transport/tcp/pair.cc:547] Connection closed by peer ...}) cut to the file name.
     */
    static String firstLine(RuntimeException e) {
        String line = NativeErrors.firstLine(e.getMessage());
        Matcher source = SOURCE_PREFIX.matcher(line);
        return source.matches() ? source.group(2) + " (" + source.group(1) + ")" : line;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            backend.close();
            store.close();
        }
    }
}
