package dev.graft.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The PyTorch peer, {@code bench/xception_peer.py} of the shared folder, run with Debian's Python and
 * {@code python3-torch} (installed with apt-get when missing and this process may). Each measurement is a
 * fresh process: {@code --single MODE:FORMAT} prints one {@code @@RESULT} line; the SGEMM figures come from the
 * script's {@code sgemm_peak()}.
 */
final class Peer {
    static final String PYTHON = "/usr/bin/python3";
    static final String SCRIPT = "bench/xception_peer.py";
    /** The peer's memory formats; its figure for a mode is the faster of the two. */
    static final List<String> FORMATS = List.of("contiguous", "channels_last");
    private static final Duration RUN_LIMIT = Duration.ofMinutes(30);
    private static final Duration INSTALL_LIMIT = Duration.ofMinutes(30);

    private final Path script;
    private final String torchVersion;
    private final String unavailableReason;

    private Peer(Path script, String torchVersion, String unavailableReason) {
        this.script = script;
        this.torchVersion = torchVersion;
        this.unavailableReason = unavailableReason;
    }

    /** A peer that is not run, for the reason given. */
    static Peer unavailable(String reason) {
        return new Peer(null, null, reason);
    }

    /**
     * Finds the script under {@code shared} and a Python with torch, installing {@code python3-torch} when it is
     * missing and this process runs as root where apt-get exists; {@code log} hears what happens.
     */
    static Peer locate(Path shared, Consumer<String> log) {
        Path script = shared.resolve(SCRIPT);
        if (!Files.isRegularFile(script)) {
            return unavailable("no peer script at " + script + " (set GRAFT_SHARED to the shared folder)");
        }
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return unavailable(PYTHON + " is missing (install Debian's python3 and python3-torch)");
        }
        String version = importTorch();
        if (version == null) {
            Path aptGet = Path.of("/usr/bin/apt-get");
            if (!"root".equals(System.getProperty("user.name")) || !Files.isExecutable(aptGet)) {
                return unavailable("python3-torch is missing and cannot be installed here (needs root and apt-get): "
                        + "run 'apt-get install -y python3-torch'");
            }
            log.accept("peer: python3-torch is missing; installing it with apt-get (minutes)...");
            List<String> install = List.of(aptGet.toString(), "install", "-y", "python3-torch");
            if (Command.run(install, INSTALL_LIMIT).exitCode() != 0) {
                Command.run(List.of(aptGet.toString(), "update"), INSTALL_LIMIT);
                Command.Output retry = Command.run(install, INSTALL_LIMIT);
                if (retry.exitCode() != 0) {
                    return unavailable("'apt-get install -y python3-torch' failed: "
                            + ResultLine.tail(retry.text(), 3).replaceAll("\\s*\\R\\s*", " "));
                }
            }
            version = importTorch();
            if (version == null) {
                return unavailable("python3-torch was installed but 'import torch' still fails");
            }
        }
        return new Peer(script, version, null);
    }

    /** torch's version as Debian's Python imports it, or null when the import fails. */
    private static String importTorch() {
        Command.Output out = Command.run(List.of(PYTHON, "-c", "import torch; print('@@RESULT ' + "
                + "__import__('json').dumps({'torch': torch.__version__}))"), Duration.ofMinutes(2));
        return out.exitCode() == 0 ? ResultLine.parse(out.text(), "python3 -c 'import torch'").get("torch").asText()
                : null;
    }

    boolean isAvailable() {
        return unavailableReason == null;
    }

    /** Why the peer is not run; null when it is available. */
    String unavailableReason() {
        return unavailableReason;
    }

    String torchVersion() {
        return torchVersion;
    }

    Path script() {
        return script;
    }

    /** The command of one measurement: {@code --single MODE:FORMAT --iters N --warmup W}. */
    /**
     * The peer runs PyTorch as it is installed: without the glibc setting Graft's launcher adds for Graft's
     * processes ({@code GLIBC_TUNABLES}, see BENCHMARKS.md), which is part of what Graft ships.
     */
    List<String> singleCommand(Mode mode, String format, int iters, int warmup) {
        return List.of("env", "-u", "GLIBC_TUNABLES", PYTHON, script.toString(), "--single", mode.key() + ":" + format, "--iters",
                Integer.toString(iters), "--warmup", Integer.toString(warmup));
    }

    /** One measurement of {@code mode} in {@code format} in a fresh process. */
    ObjectNode single(Mode mode, String format, int iters, int warmup) {
        requireAvailable();
        return Command.result(singleCommand(mode, format, iters, warmup), RUN_LIMIT,
                "The peer's " + mode.key() + ":" + format + " run");
    }

    /** The script's {@code sgemm_peak()} in a fresh process (torch.mm and oneDNN 1x1-convolution GFLOP/s). */
    ObjectNode sgemm() {
        requireAvailable();
        String code = "import sys, json; sys.path.insert(0, sys.argv[1]); import xception_peer as p; "
                + "print('@@RESULT ' + json.dumps(p.sgemm_peak()))";
        return Command.result(List.of("env", "-u", "GLIBC_TUNABLES", PYTHON, "-c", code, script.getParent().toString()), RUN_LIMIT,
                "The peer's sgemm_peak()");
    }

    private void requireAvailable() {
        if (!isAvailable()) {
            throw new IllegalStateException("The peer is unavailable: " + unavailableReason);
        }
    }
}
