package dev.graft.cli;

import dev.graft.bench.BenchOptions;
import dev.graft.bench.BenchSection;
import dev.graft.bench.Benchmark;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code graft bench}: the benchmark of the guide's workload against the PyTorch peer (see {@link Benchmark}). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Times the guide's workload (Xception 150x150, batch 32) in inference, phase 1 and phase 2 "
                + "against the PyTorch peer (../shared/bench/xception_peer.py) in the same run, MobileNet(alpha=0.25) "
                + "at 224x224, and the input pipeline on the shared photos; see BENCHMARKS.md.",
                "Each measurement runs in a fresh process after a wait for an idle machine; figures are medians over "
                        + "rounds. The last line is 'ratios (graft/peer): inference=R1 phase1=R2 phase2=R3 "
                        + "memory=R4'."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--rounds", paramLabel = "N", description = "Rounds of every measurement (default 3; --quick 1).")
    Integer rounds;

    @Option(names = "--iters", paramLabel = "N", description = "Timed steps per measurement (default 5; --quick 2).")
    Integer iters;

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed steps before them (default 1).")
    Integer warmup;

    @Option(names = "--photos", paramLabel = "N",
            description = "Shared photos for the pipeline, epoch and reuse measurements (default 640; --quick 64).")
    Integer photos;

    @Option(names = "--quick", description = "Small counts, for a smoke run of a few minutes.")
    boolean quick;

    @Option(names = "--skip-peer", description = "Leave out the peer (its figures and the ratios are n/a).")
    boolean skipPeer;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write every figure as JSON to FILE.")
    Path out;

    @Option(names = "--only", paramLabel = "SECTION", split = ",",
            description = "Run only these sections: xception, mobilenet, pipeline, reuse, distributed (default all).")
    List<String> only;

    @Option(names = "--threads", paramLabel = "N", description = "libtorch threads for Graft (default: the engine's).")
    Integer threads;

    @Option(names = "--max-idle-wait", paramLabel = "SECONDS",
            description = "Longest wait for an idle machine before each measurement (default 30; --quick 5).")
    Double maxIdleWait;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BenchOptions.Builder b = BenchOptions.builder().optQuick(quick).optSkipPeer(skipPeer).optOut(out);
        if (rounds != null) {
            b.optRounds(rounds);
        }
        if (iters != null) {
            b.optIters(iters);
        }
        if (warmup != null) {
            b.optWarmup(warmup);
        }
        if (photos != null) {
            b.optPhotos(photos);
        }
        if (only != null) {
            b.optOnly(only.stream().map(BenchSection::of).toArray(BenchSection[]::new));
        }
        if (threads != null) {
            b.optThreads(threads);
        }
        if (maxIdleWait != null) {
            b.optMaxIdleWaitSeconds(maxIdleWait);
        }
        BenchOptions options = b.build();
        PrintStream output = new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true,
                StandardCharsets.UTF_8);
        Benchmark.run(options, output);
        output.flush();
        return 0;
    }
}
