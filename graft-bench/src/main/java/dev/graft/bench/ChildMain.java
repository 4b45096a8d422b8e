package dev.graft.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.distributed.Rendezvous;
import dev.graft.tensor.Engine;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The entry point of a child JVM: runs one measurement and prints it as one {@code @@RESULT {json}} line with
 * the process's peak resident memory, so each measurement has a fresh process, as the peer's have. Tasks:
 * {@code step workload=xception:150 mode=phase2 iters=N warmup=W}, {@code sgemm reps=N},
 * {@code pipeline shared=DIR images=N}, {@code epoch shared=DIR images=N} and
 * {@code reuse shared=DIR images=N epochs=N}, and for the worker processes of a {@link WorkerGroup}
 * {@code dp-train shared=DIR workload=mobilenet:128 images=N warmup=W} and
 * {@code allreduce workload=xception:150 iters=N}; each also takes {@code threads=N}, libtorch's thread count.
 */
public final class ChildMain {
    private ChildMain() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("Give a task: step, sgemm, pipeline, epoch, reuse, dp-train or "
                    + "allreduce");
        }
        String task = args[0];
        ChildArgs a = ChildArgs.parse(Arrays.asList(args).subList(1, args.length));
        Engine.get().setNumThreads(a.integer("threads"));
        ObjectNode result = switch (task) {
            case "step" -> StepBench.run(Workload.parse(a.string("workload")), Mode.of(a.string("mode")),
                    a.integer("iters"), a.integer("warmup"));
            case "sgemm" -> SgemmBench.run(a.integer("reps"));
            case "pipeline" -> PhotoBench.pipeline(Path.of(a.string("shared")), a.integer("images"));
            case "epoch" -> PhotoBench.epoch(Path.of(a.string("shared")), a.integer("images"));
            case "reuse" -> PhotoBench.reuse(Path.of(a.string("shared")), a.integer("images"), a.integer("epochs"));
            case "dp-train" -> DataParallelBench.train(Path.of(a.string("shared")),
                    Workload.parse(a.string("workload")), a.integer("images"), a.integer("warmup"),
                    Rendezvous.fromEnvironment());
            case "allreduce" -> DataParallelBench.allReduce(Workload.parse(a.string("workload")), a.integer("iters"),
                    Rendezvous.fromEnvironment());
            default -> throw new IllegalArgumentException("Unknown task '" + task
                    + "'; use step, sgemm, pipeline, epoch, reuse, dp-train or allreduce");
        };
        result.put("task", task);
        result.put("threads", Engine.get().numThreads());
        result.put("processors", Runtime.getRuntime().availableProcessors());
        result.put("peak_rss_mib", ProcessMemory.peakMib());
        System.out.println(ResultLine.format(result));
        System.out.flush();
        // Dataset threads and libtorch's pools must not keep the process alive.
        System.exit(0);
    }
}
