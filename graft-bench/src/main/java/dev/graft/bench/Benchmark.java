package dev.graft.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.tensor.Engine;
import dev.graft.utils.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The benchmark of issue 7: the guide's workload (Xception 150x150, batch 32) in inference, phase 1 and phase 2
 * against the PyTorch peer in the same run, MobileNet(alpha=0.25) at 224x224, the input pipeline on the shared
 * photos, and the reuse of the frozen base's outputs across epochs.
 * <pre>{@code
 * ObjectNode figures = Benchmark.run(BenchOptions.builder().optRounds(1).build(), System.out);
 * }</pre>
 * Every measurement runs in a fresh process (Graft's in a child JVM with this one's class path, environment and
 * libtorch thread count; the peer's with {@code --single}), after waiting briefly for an idle machine, and
 * reports its peak resident memory and the CPU share other processes took meanwhile. Rounds interleave Graft
 * and the peer mode by mode; figures are medians over rounds, the peer's the faster of its two memory formats.
 * The last line printed is {@code ratios (graft/peer): inference=R1 phase1=R2 phase2=R3 memory=R4}.
 */
public final class Benchmark {
    /** Keras' Xception without top, as the peer counts it: trainable and non-trainable weights. */
    static final long XCEPTION_TRAINABLE = 20_806_952;
    static final long XCEPTION_NON_TRAINABLE = 54_528;
    private static final Duration CHILD_LIMIT = Duration.ofMinutes(30);
    private static final double BUSY_THRESHOLD = 0.10;
    private static final int SGEMM_REPS = 50;
    private static final int REUSE_EPOCHS = 3;
    private static final int[] PIPELINE_WORKERS = {1, 2};
    private static final int[] DATA_PARALLEL_WORKERS = {1, 2, 4};
    /** A small trainable workload: data-parallel steps finish quickly even with 4 workers on 2 cores. */
    private static final Workload DATA_PARALLEL_WORKLOAD = Workload.mobileNet(128);
    private static final int ALL_REDUCE_WORKERS = 2;
    private static final int ALL_REDUCE_ITERS = 10;

    private final BenchOptions options;
    private final PrintStream out;
    private final Path shared;
    private final int threads;
    private final ObjectNode json = ResultLine.JSON.createObjectNode();
    private final List<ObjectNode> graftSgemm = new ArrayList<>();
    private final List<ObjectNode> peerSgemm = new ArrayList<>();
    private Peer peer;

    private Benchmark(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.shared = SharedFolder.root();
        if (options.threads() != null) {
            Engine.get().setNumThreads(options.threads());
        }
        this.threads = Engine.get().numThreads();
    }

    /** Runs the sections {@code options} choose, printing progress, tables and the ratios line to {@code out}. */
    public static ObjectNode run(BenchOptions options, PrintStream out) {
        return new Benchmark(options, out).run();
    }

    private ObjectNode run() {
        describeSetup();
        peer = options.skipPeer() ? Peer.unavailable("--skip-peer was given")
                : !options.runs(BenchSection.XCEPTION) ? Peer.unavailable("the xception section is not run")
                : Peer.locate(shared, out::println);
        ObjectNode peerNode = json.putObject("peer").put("available", peer.isAvailable());
        if (peer.isAvailable()) {
            peerNode.put("script", peer.script().toString()).put("torch", peer.torchVersion());
            out.println("peer: " + peer.script() + " (torch " + peer.torchVersion() + ", 2 threads)");
        } else {
            peerNode.put("reason", peer.unavailableReason());
            out.println("peer: unavailable (" + peer.unavailableReason() + "); its figures and the ratios are n/a");
        }
        boolean models = options.runs(BenchSection.XCEPTION) || options.runs(BenchSection.MOBILENET);
        if (models) {
            sgemm("start");
        }
        List<ModeRow> xception = options.runs(BenchSection.XCEPTION) ? models(Workload.xception(), true) : null;
        List<ModeRow> mobileNet = options.runs(BenchSection.MOBILENET) ? models(Workload.mobileNet(224), false) : null;
        if (models) {
            sgemm("end");
        }
        String pipeline = options.runs(BenchSection.PIPELINE) ? pipeline() : null;
        String reuse = options.runs(BenchSection.REUSE) ? reuse() : null;
        String distributed = options.runs(BenchSection.DISTRIBUTED) ? distributed() : null;

        double peak = sgemmPeak();
        object(json, "sgemm").put("peak_gflops", peak);
        out.println();
        if (xception != null) {
            out.println("== " + Workload.xception().title() + ", batch " + Workload.BATCH + " (medians over "
                    + options.rounds() + " rounds; %SGEMM of " + BenchReport.number("%.1f", peak) + " GFLOP/s) ==");
            out.print(BenchReport.stepTable(xception, peak, true));
            out.println("time ratio: Graft ms/step / the peer's (its faster format); RSS ratio: peak resident "
                    + "memory, Graft / the peer's in that format. GFLOP/s: analytic convolution FLOPs per step "
                    + "(phase 2: 3 x forward - first conv) / median time.");
            out.println();
        }
        if (mobileNet != null) {
            out.println("== " + Workload.mobileNet(224).title() + ", batch " + Workload.BATCH + " (no peer) ==");
            out.print(BenchReport.stepTable(mobileNet, peak, false));
            out.println();
        }
        if (pipeline != null) {
            out.print(pipeline);
        }
        if (reuse != null) {
            out.print(reuse);
        }
        if (distributed != null) {
            out.print(distributed);
        }
        Ratios ratios = xception == null ? Ratios.unavailable() : new Ratios(xception.get(0).timeRatio(),
                xception.get(1).timeRatio(), xception.get(2).timeRatio(), xception.get(2).memoryRatio());
        json.putObject("ratios").putPOJO("inference", ratios.inference()).putPOJO("phase1", ratios.phase1())
                .putPOJO("phase2", ratios.phase2()).putPOJO("memory", ratios.memory());
        json.put("ratios_line", ratios.line());
        if (options.out() != null) {
            write(options.out());
            out.println("wrote " + options.out());
        }
        out.println(ratios.line());
        out.flush();
        return json;
    }

    private void describeSetup() {
        String header = String.format(Locale.ROOT, "Graft benchmark: %d round(s) of %d timed steps after %d "
                + "warm-up, %d photos; %s, %d libtorch threads, %d processors, Java %s; shared folder %s",
                options.rounds(), options.iters(), options.warmup(), options.photos(), Engine.get().name(), threads,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), shared);
        out.println(header);
        out.println("environment of Graft's processes: OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS")
                + ", GLIBC_TUNABLES=" + System.getenv("GLIBC_TUNABLES") + " (the peer's: the same without "
                + "GLIBC_TUNABLES)");
        ObjectNode config = json.putObject("config");
        config.put("rounds", options.rounds()).put("iters", options.iters()).put("warmup", options.warmup())
                .put("photos", options.photos()).put("quick", options.quick()).put("skip_peer", options.skipPeer())
                .put("max_idle_wait_s", options.maxIdleWaitSeconds()).put("batch", Workload.BATCH);
        ArrayNode sections = config.putArray("sections");
        options.only().forEach(s -> sections.add(s.key()));
        ObjectNode env = json.putObject("environment");
        env.put("engine", Engine.get().name()).put("threads", threads)
                .put("processors", Runtime.getRuntime().availableProcessors())
                .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
                .put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"))
                .put("child_heap", ChildJvm.HEAP).put("shared", shared.toString());
        for (String variable : List.of("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                "GLIBC_TUNABLES")) {
            if (System.getenv(variable) != null) {
                env.put(variable, System.getenv(variable));
            }
        }
    }

    // ---- SGEMM -------------------------------------------------------------------------------------

    private void sgemm(String when) {
        ObjectNode graft = measured(() -> child("sgemm", args("reps", SGEMM_REPS), null, "Graft's SGEMM"));
        graft.put("when", when);
        graftSgemm.add(graft);
        array(object(json, "sgemm"), "graft").add(graft);
        String line = String.format(Locale.ROOT, "SGEMM 1024^3 (%s): Graft matmul %.1f GFLOP/s (best %.1f), "
                + "1x1 conv %.1f (best %.1f)", when, graft.get("matmul_gflops").asDouble(),
                graft.get("matmul_best_gflops").asDouble(), graft.get("conv1x1_gflops").asDouble(),
                graft.get("conv1x1_best_gflops").asDouble());
        if (peer.isAvailable()) {
            ObjectNode p = measured(peer::sgemm);
            p.put("when", when);
            peerSgemm.add(p);
            array(object(json, "sgemm"), "peer").add(p);
            line += String.format(Locale.ROOT, "; peer torch.mm %.1f (best %.1f), oneDNN 1x1 conv %.1f (best %.1f)",
                    p.get("torch_mm_gflops").asDouble(), p.get("torch_mm_best_gflops").asDouble(),
                    p.get("onednn_1x1conv_gemm_gflops").asDouble(),
                    p.get("onednn_1x1conv_gemm_best_gflops").asDouble());
        }
        out.println(line);
    }

    /**
     * The machine's SGEMM peak: the best single call of any 1024^3 GEMM measured, Graft's matmul or 1x1
     * convolution, the peer's torch.mm or oneDNN 1x1 convolution, at the start or the end of the run.
     */
    private double sgemmPeak() {
        double peak = Double.NaN;
        for (ObjectNode g : graftSgemm) {
            peak = max(peak, Math.max(g.get("matmul_best_gflops").asDouble(), g.get("conv1x1_best_gflops").asDouble()));
        }
        for (ObjectNode p : peerSgemm) {
            peak = max(peak, Math.max(p.get("torch_mm_best_gflops").asDouble(),
                    p.get("onednn_1x1conv_gemm_best_gflops").asDouble()));
        }
        return peak;
    }

    private static double max(double a, double b) {
        return Double.isNaN(a) ? b : Math.max(a, b);
    }

    // ---- model steps -------------------------------------------------------------------------------

    /** Rounds of the three modes of {@code workload}, Graft then (when {@code withPeer}) the peer's formats. */
    private List<ModeRow> models(Workload workload, boolean withPeer) {
        boolean runPeer = withPeer && peer.isAvailable();
        out.println(workload.title() + ": " + options.rounds() + " round(s) of inference, phase 1, phase 2"
                + (runPeer ? ", each Graft then the peer (contiguous, channels_last)" : ""));
        Map<Mode, List<ObjectNode>> graftRuns = new EnumMap<>(Mode.class);
        Map<Mode, Map<String, List<ObjectNode>>> peerRuns = new EnumMap<>(Mode.class);
        for (Mode mode : Mode.values()) {
            graftRuns.put(mode, new ArrayList<>());
            peerRuns.put(mode, new LinkedHashMap<>());
            for (String format : runPeer ? Peer.FORMATS : List.<String>of()) {
                peerRuns.get(mode).put(format, new ArrayList<>());
            }
        }
        ObjectNode node = json.putObject(workload.architecture()).put("workload", workload.spec());
        for (int round = 1; round <= options.rounds(); round++) {
            for (Mode mode : Mode.values()) {
                ObjectNode graft = measured(() -> child("step", args("workload", workload.spec(), "mode", mode.key(),
                        "iters", options.iters(), "warmup", options.warmup()), null,
                        "Graft's " + workload.spec() + " " + mode.key() + " child"));
                graft.put("round", round);
                graftRuns.get(mode).add(graft);
                array(object(node, "graft"), mode.key()).add(graft);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  round %d/%d %-9s Graft %.1f ms%s",
                        round, options.rounds(), mode.label(), graft.get("median_ms").asDouble(), foreign(graft)));
                for (String format : peerRuns.get(mode).keySet()) {
                    ObjectNode p = measured(() -> peer.single(mode, format, options.iters(), options.warmup()));
                    p.put("round", round);
                    peerRuns.get(mode).get(format).add(p);
                    array(object(object(node, "peer"), mode.key()), format).add(p);
                    line.append(String.format(Locale.ROOT, "; peer %s %.1f ms%s", format, p.get("median_ms").asDouble(),
                            foreign(p)));
                }
                out.println(line);
            }
        }
        ObjectNode first = graftRuns.get(Mode.INFERENCE).get(0);
        long forward = first.get("forward_flops_per_image").asLong();
        long firstConv = first.get("first_conv_flops_per_image").asLong();
        ConvFlops flops = new ConvFlops(forward, firstConv, first.get("convs").asInt());
        node.putObject("flops").put("forward_per_image", forward).put("first_conv_per_image", firstConv)
                .put("training_step_per_image", flops.trainingStep()).put("convs", flops.convs());
        out.println(String.format(Locale.ROOT, "  analytic convolution FLOPs: %.4f GFLOP per image forward (%d "
                + "convolutions), %.4f per image in a phase-2 step", forward / 1e9, flops.convs(),
                flops.trainingStep() / 1e9));
        if (workload.architecture().equals("xception")) {
            checkParams(first, node);
        }
        List<ModeRow> rows = new ArrayList<>();
        ObjectNode summary = node.putObject("summary");
        for (Mode mode : Mode.values()) {
            double perImage = mode == Mode.PHASE2 ? flops.trainingStep() : flops.forward();
            ModeRow row = ModeRow.of(mode, perImage * Workload.BATCH, graftRuns.get(mode), peerRuns.get(mode));
            rows.add(row);
            ObjectNode s = summary.putObject(mode.key());
            s.put("flops_per_step", row.flopsPerStep()).put("graft_ms_per_step", row.graft().msPerStep())
                    .put("graft_peak_rss_mib", row.graft().peakRssMib())
                    .put("graft_gflops", row.graft().gflops(row.flopsPerStep()));
            if (row.peer() != null) {
                s.put("peer_format", row.peerFormat()).put("peer_ms_per_step", row.peer().msPerStep())
                        .put("peer_peak_rss_mib", row.peer().peakRssMib())
                        .put("peer_gflops", row.peer().gflops(row.flopsPerStep()))
                        .put("time_ratio", row.timeRatio()).put("memory_ratio", row.memoryRatio());
            }
        }
        return rows;
    }

    private void checkParams(ObjectNode run, ObjectNode node) {
        long trainable = run.get("base_trainable_params").asLong();
        long nonTrainable = run.get("base_non_trainable_params").asLong();
        boolean match = trainable == XCEPTION_TRAINABLE && nonTrainable == XCEPTION_NON_TRAINABLE;
        node.putObject("params").put("total", trainable + nonTrainable).put("trainable", trainable)
                .put("non_trainable", nonTrainable).put("matches_peer", match);
        out.println(String.format(Locale.ROOT, "  base parameters: %,d = %,d trainable + %,d non-trainable: %s",
                trainable + nonTrainable, trainable, nonTrainable, match ? "equal to the peer's"
                        : String.format(Locale.ROOT, "MISMATCH, the peer has %,d = %,d + %,d",
                                XCEPTION_TRAINABLE + XCEPTION_NON_TRAINABLE, XCEPTION_TRAINABLE,
                                XCEPTION_NON_TRAINABLE)));
    }

    // ---- photos ------------------------------------------------------------------------------------

    private String pipeline() {
        out.println("input pipeline on " + options.photos() + " shared photos: " + options.rounds()
                + " round(s) with 1 and 2 workers, then one phase-1 epoch");
        ObjectNode node = json.putObject("pipeline");
        Map<Integer, List<Double>> rates = new LinkedHashMap<>();
        Map<Integer, List<Double>> memory = new LinkedHashMap<>();
        for (int round = 1; round <= options.rounds(); round++) {
            for (int workers : PIPELINE_WORKERS) {
                ObjectNode r = measured(() -> child("pipeline", args("shared", shared, "images", options.photos()),
                        workers, "Graft's pipeline child (" + workers + " workers)"));
                r.put("round", round);
                array(object(node, "throughput"), workers + "_workers").add(r);
                rates.computeIfAbsent(workers, w -> new ArrayList<>()).add(r.get("images_per_s").asDouble());
                memory.computeIfAbsent(workers, w -> new ArrayList<>()).add(r.get("peak_rss_mib").asDouble());
                out.println(String.format(Locale.ROOT, "  round %d/%d %d worker(s): %.1f images/s", round,
                        options.rounds(), workers, r.get("images_per_s").asDouble()));
            }
        }
        ObjectNode epoch = measured(() -> child("epoch", args("shared", shared, "images", options.photos()), null,
                "Graft's phase-1 epoch child"));
        node.set("epoch", epoch);
        StringBuilder text = new StringBuilder("== input pipeline: JPEG decode + resize to 150x150 + RandomFlip + "
                + "RandomRotation(0.1), " + options.photos() + " photos ==\n");
        ObjectNode summary = node.putObject("summary");
        for (int workers : PIPELINE_WORKERS) {
            double rate = Stats.median(rates.get(workers));
            double rss = Stats.median(memory.get(workers));
            summary.putObject(workers + "_workers").put("images_per_s", rate).put("peak_rss_mib", rss);
            text.append(String.format(Locale.ROOT, "%d worker%s: %.1f images/s (peak RSS %.0f MiB)\n", workers,
                    workers == 1 ? " " : "s", rate, rss));
        }
        text.append(BenchReport.epochLine(epoch)).append('\n');
        return text.toString();
    }

    private String reuse() {
        out.println("frozen-prefix reuse: a " + REUSE_EPOCHS + "-epoch phase-1 fit on " + options.photos()
                + " cached photos");
        ObjectNode r = measured(() -> child("reuse", args("shared", shared, "images", options.photos(), "epochs",
                REUSE_EPOCHS), null, "Graft's reuse child"));
        json.set("reuse", r);
        return BenchReport.reuseText(r) + "\n";
    }

    // ---- data-parallel training ---------------------------------------------------------------------

    /**
     * Rounds of data-parallel training with 1, 2 and 4 worker processes, each with cores / workers libtorch
     * threads (at least 1), then the all-reduce of Xception's gradients between 2 workers.
     */
    private String distributed() {
        Workload workload = DATA_PARALLEL_WORKLOAD;
        int cores = options.threads() != null ? options.threads() : Runtime.getRuntime().availableProcessors();
        out.println("data-parallel training: " + workload.title() + " phase 2 on " + options.photos()
                + " shared photos, global batch " + Workload.BATCH + " split over 1, 2 and 4 worker processes, "
                + options.rounds() + " round(s)");
        ObjectNode node = json.putObject("distributed").put("workload", workload.spec()).put("cores", cores);
        Map<Integer, List<ObjectNode>> runs = new LinkedHashMap<>();
        for (int round = 1; round <= options.rounds(); round++) {
            for (int workers : DATA_PARALLEL_WORKERS) {
                int each = Math.max(1, cores / workers);
                ObjectNode r = measured(() -> group("dp-train", args("shared", shared, "workload", workload.spec(),
                        "images", options.photos(), "warmup", options.warmup()), workers, each,
                        "Graft's data-parallel training (" + workers + " workers)"));
                r.put("round", round);
                runs.computeIfAbsent(workers, w -> new ArrayList<>()).add(r);
                array(object(node, "runs"), workers + "_workers").add(r);
                out.println(String.format(Locale.ROOT, "  round %d/%d %d worker(s) x %d thread(s): %.1f ms/step, "
                        + "%.1f images/s%s", round, options.rounds(), workers, each, r.get("median_ms").asDouble(),
                        r.get("images_per_s").asDouble(), foreign(r)));
            }
        }
        ObjectNode reduce = measured(() -> group("allreduce", args("workload", Workload.xception().spec(),
                "iters", ALL_REDUCE_ITERS), ALL_REDUCE_WORKERS, Math.max(1, cores / ALL_REDUCE_WORKERS),
                "Graft's all-reduce of Xception's gradients"));
        node.set("allreduce", reduce);

        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "== data-parallel training: %s, "
                + "phase 2 (%,d trainable parameters), global batch %d on %d photos, %d cores (medians over %d "
                + "rounds) ==%n", workload.title(), runs.get(1).get(0).get("trainable_params").asLong(),
                Workload.BATCH, options.photos(), cores, options.rounds()));
        TextTable table = new TextTable("workers", "threads each", "local batch", "ms/step", "images/s",
                "vs 1 worker", "peak RSS MiB each");
        double single = Double.NaN;
        ObjectNode summary = node.putObject("summary");
        for (int workers : DATA_PARALLEL_WORKERS) {
            List<ObjectNode> r = runs.get(workers);
            double ms = Stats.median(r.stream().map(x -> x.get("median_ms").asDouble()).toList());
            double rss = Stats.median(r.stream().map(x -> x.get("peak_rss_mib").asDouble()).toList());
            double rate = Workload.BATCH / (ms / 1000);
            single = workers == 1 ? rate : single;
            summary.putObject(workers + "_workers").put("ms_per_step", ms).put("images_per_s", rate)
                    .put("speedup", rate / single).put("peak_rss_mib_per_worker", rss);
            table.row(Integer.toString(workers), Integer.toString(Math.max(1, cores / workers)),
                    Integer.toString(Workload.BATCH / workers), BenchReport.number("%.1f", ms),
                    BenchReport.number("%.1f", rate), BenchReport.number("%.2fx", rate / single),
                    BenchReport.number("%.0f", rss));
        }
        text.append(table.render());
        text.append(String.format(Locale.ROOT, "all-reduce of %s's %,d trainable gradients (%.1f MB) between %d "
                + "workers over loopback, median of %d: DistributedStrategy.averageGradients %.1f ms (min %.1f); "
                + "the bare collective on one tensor %.1f ms (min %.1f), i.e. %.1f MB sent per worker (ring) at "
                + "%.2f Gbit/s%n", Workload.xception().title(), reduce.get("elements").asLong(),
                reduce.get("bytes").asDouble() / 1e6, ALL_REDUCE_WORKERS, ALL_REDUCE_ITERS,
                reduce.get("median_ms").asDouble(), reduce.get("min_ms").asDouble(),
                reduce.get("bare_median_ms").asDouble(), reduce.get("bare_min_ms").asDouble(),
                reduce.get("ring_bytes_per_worker").asDouble() / 1e6, reduce.get("ring_gbit_per_s").asDouble()));
        return text.append('\n').toString();
    }

    /**
     * Runs {@code task} in a group of {@code workers} worker processes with {@code threads} libtorch threads
     * (and processors) each; returns rank 0's result with every rank's under {@code ranks}, and the slowest
     * rank's median step as {@code median_ms} (the workers wait for each other, so their steps agree closely).
     */
    private ObjectNode group(String task, Map<String, String> args, int workers, int threads, String what) {
        Map<String, String> all = new LinkedHashMap<>(args);
        all.put("threads", Integer.toString(threads));
        List<ObjectNode> ranks = WorkerGroup.run(task, ChildArgs.of(all), workers, threads, CHILD_LIMIT, what);
        ObjectNode result = ranks.get(0).deepCopy();
        double slowest = ranks.stream().mapToDouble(r -> r.get("median_ms").asDouble()).max().orElseThrow();
        result.put("median_ms", slowest).put("threads_each", threads);
        if (result.has("foreign_cpu_share")) {
            // Rank 0 counts its sibling workers as others: take them out, leaving processes outside the group.
            double siblings = ranks.stream().skip(1).mapToDouble(r -> r.get("own_cpu_share").asDouble()).sum();
            result.put("foreign_cpu_share", Math.max(0, ranks.get(0).get("foreign_cpu_share").asDouble() - siblings));
        }
        if (result.has("images_per_s")) {
            result.put("images_per_s", Workload.BATCH / (slowest / 1000));
        }
        ArrayNode ranksNode = result.putArray("ranks");
        ranks.forEach(ranksNode::add);
        return result;
    }

    // ---- processes ---------------------------------------------------------------------------------

    /** Waits briefly for an idle machine, runs {@code measurement} and records the wait in its result. */
    private ObjectNode measured(Supplier<ObjectNode> measurement) {
        CpuLoad.IdleWait wait = CpuLoad.waitForIdle(options.maxIdleWaitSeconds(), BUSY_THRESHOLD,
                options.idleSeconds());
        ObjectNode result = measurement.get();
        result.put("idle_wait_s", wait.waitedSeconds()).put("machine_was_idle_before", wait.idle());
        return result;
    }

    /**
     * Runs {@code task} in a child JVM with {@code args} and libtorch's thread count: this process's, or with
     * {@code processors} (a pipeline measurement's worker count) that many.
     */
    private ObjectNode child(String task, Map<String, String> args, Integer processors, String what) {
        Map<String, String> all = new LinkedHashMap<>(args);
        all.put("threads", Integer.toString(processors != null ? processors : threads));
        return Command.result(ChildJvm.command(task, ChildArgs.of(all), processors), CHILD_LIMIT, what);
    }

    /** {@code key, value, key, value, ...} as child arguments. */
    private static Map<String, String> args(Object... keysAndValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i].toString(), keysAndValues[i + 1].toString());
        }
        return values;
    }

    private static ObjectNode object(ObjectNode parent, String name) {
        return parent.get(name) instanceof ObjectNode existing ? existing : parent.putObject(name);
    }

    private static ArrayNode array(ObjectNode parent, String name) {
        return parent.get(name) instanceof ArrayNode existing ? existing : parent.putArray(name);
    }

    private static String foreign(ObjectNode run) {
        double share = run.path("foreign_cpu_share").asDouble(Double.NaN);
        return Double.isNaN(share) ? "" : String.format(Locale.ROOT, " (others %.0f%% CPU)", 100 * share);
    }

    private void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            byte[] bytes = ResultLine.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
            AtomicFiles.replace(file, temp -> Files.write(temp, bytes));
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("Cannot write the results to " + file + ": " + e.getMessage(), e);
        }
    }
}
