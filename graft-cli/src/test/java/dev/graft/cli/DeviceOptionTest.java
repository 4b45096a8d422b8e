package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.Device;
import dev.graft.tensor.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/** {@code --device}, given before or after the command's name, reaches the engine. */
class DeviceOptionTest {

    private static final String[] SUMMARY = {"summary", "--model", "mobilenet", "--alpha", "0.25", "--no-top",
        "--input-shape", "96,96,3"};

    private static String[] with(String[] args, String... more) {
        String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    @Test
    void cpuWorksAfterOrBeforeTheCommand() {
        GraftRun after = GraftRun.of(with(SUMMARY, "--device", "cpu"));
        assertEquals(0, after.status(), after.transcript());
        assertTrue(after.out().contains("Total params: 218,544"), after.transcript());
        assertEquals(Device.CPU, Engine.get().defaultDevice());

        String[] before = new String[SUMMARY.length + 2];
        before[0] = "--device";
        before[1] = "cpu";
        System.arraycopy(SUMMARY, 0, before, 2, SUMMARY.length);
        GraftRun first = GraftRun.of(before);
        assertEquals(0, first.status(), first.transcript());
    }

    @Test
    void cpuTrainsATinyFinetuneRun(@TempDir Path dir) {
        Path data = TinyImageFolders.trainAndValidation(dir.resolve("data"), 4, 2);
        Path out = dir.resolve("out");
        GraftRun run = GraftRun.of(with(TinyImageFolders.quickFinetune(data, out).toArray(new String[0]),
                "--device", "cpu"));
        assertEquals(0, run.status(), run.transcript());
        assertTrue(Files.isRegularFile(out.resolve(Report.MODEL)), run.transcript());
    }

    @Test
    @DisabledIfEnvironmentVariable(named = "GRAFT_TEST_CUDA", matches = "1")
    void cudaWithoutAGpuEndsWithOneLineAndStatusOne() {
        GraftRun run = GraftRun.of(with(SUMMARY, "--device", "cuda"));
        assertEquals(1, run.status(), run.transcript());
        assertEquals("graft: Device cuda:0 was requested (GRAFT_DEVICE / --device) but this engine build has no CUDA "
                + "support or no GPU is visible: build with ./mvnw -Pcuda install -DskipTests (see the README's GPU "
                + "section) and run on a machine with an NVIDIA GPU", run.err().strip());
        assertEquals("", run.out(), "nothing ran");
    }

    @Test
    void anUnknownDeviceIsAUserError() {
        GraftRun run = GraftRun.of(with(SUMMARY, "--device", "gpu"));
        assertEquals(1, run.status(), run.transcript());
        assertTrue(run.err().startsWith("graft: Unknown device 'gpu': use cpu, cuda or cuda:N"), run.transcript());
        assertEquals(1, run.err().strip().lines().count(), run.transcript());
    }

    @Test
    void helpNamesTheOption() {
        GraftRun run = GraftRun.of("summary", "--help");
        assertEquals(0, run.status(), run.transcript());
        assertTrue(run.out().contains("--device=cpu|cuda|cuda:N"), run.out());
    }
}
