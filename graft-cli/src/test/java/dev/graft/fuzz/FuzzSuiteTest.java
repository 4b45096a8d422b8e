package dev.graft.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.utils.RandomSeed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds malformed images, weight and model files, archives, downloads and tensors through Graft's public
 * entry points; each must end in a Graft exception whose message names the file, layer or operation at
 * fault, never in another exception, an error, a native abort or a hang. The seed is fixed and the number of
 * inputs is {@value #DEFAULT_ITERATIONS}; for longer runs (benchmarks, bug hunts) {@code -Dgraft.fuzz.iterations=N}
 * asks for more and {@code -Dgraft.fuzz.seed=S} for other inputs.
 */
class FuzzSuiteTest {
    static final int DEFAULT_ITERATIONS = 520;
    private static final long SEED = 20_261_128L;
    /** A case that takes longer than this counts as a hang; generous, the machine may be loaded. */
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    void malformedInputsEndInClearErrors() throws Exception {
        int iterations = Integer.getInteger("graft.fuzz.iterations", DEFAULT_ITERATIONS);
        long seed = Long.getLong("graft.fuzz.seed", SEED);
        RandomSeed.set(seed);   // the valid models the families damage draw their weights from it
        // Shares of the inputs per family, in percent.
        Map<FuzzInputs, Integer> shares = new LinkedHashMap<>();
        shares.put(new ImageInputs(dir("images")), 40);
        shares.put(new ModelFileInputs(dir("models")), 25);
        shares.put(new ArchiveInputs(dir("archives")), 20);
        shares.put(new TensorInputs(), 15);
        int total = 0;
        Map<String, Integer> perFamily = new LinkedHashMap<>();
        try (FuzzRunner runner = new FuzzRunner(DEADLINE)) {
            for (Map.Entry<FuzzInputs, Integer> family : shares.entrySet()) {
                try (FuzzInputs inputs = family.getKey()) {
                    Random random = new Random(seed ^ inputs.family().hashCode());
                    // Models made by the cases draw their weights from the global seed: fixing it makes their
                    // files, and so each damaged input's outcome, independent of the tests run before.
                    RandomSeed.set(seed ^ inputs.family().hashCode());
                    int n = Math.max(1, iterations * family.getValue() / 100);
                    for (int i = 0; i < n; i++) {
                        runner.run(inputs.next(i, random));
                    }
                    perFamily.put(inputs.family(), n);
                    total += n;
                }
            }
            int clear = runner.count(FuzzRunner.Outcome.CLEAR_ERROR);
            int accepted = runner.count(FuzzRunner.Outcome.ACCEPTED);
            int crashes = runner.count(FuzzRunner.Outcome.CRASH);
            int hangs = runner.count(FuzzRunner.Outcome.HANG);
            System.out.println("fuzz: " + total + " inputs, " + clear + " clear errors, " + crashes + " crashes, "
                    + hangs + " hangs");
            // A second line, not a second summary: damage that left the input valid (a bit flipped in pixel data).
            System.out.println("  of which " + accepted + " damaged inputs were still valid and were accepted "
                    + "(inputs = clear errors + accepted + crashes + hangs); inputs per family " + perFamily);
            List<String> failures = runner.failures();
            assertEquals(failures.size(), crashes + hangs);
            assertTrue(failures.isEmpty(), failures.size() + " inputs did not end in a clear error:\n"
                    + String.join("\n", failures));
            assertEquals(total, clear + accepted + crashes + hangs);
            assertTrue(total >= Math.min(iterations, 500), "only " + total + " inputs");
        }
    }

    private Path dir(String name) throws java.io.IOException {
        return Files.createDirectories(work.resolve(name));
    }
}
