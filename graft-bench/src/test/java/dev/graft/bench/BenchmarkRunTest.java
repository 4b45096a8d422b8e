package dev.graft.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The benchmark itself, run by the Maven profile {@code bench} ({@code ./mvnw -Pbench -pl graft-bench -am
 * verify -Dbench.args="..."}); tagged so that no other suite runs it. It prints the tables and writes the JSON
 * to {@code graft-bench/target/bench-results.json} unless {@code bench.args} names another {@code --out}.
 */
@Tag("bench")
class BenchmarkRunTest {

    @Test
    void runTheBenchmark() {
        List<String> args = new ArrayList<>(List.of("--out", System.getProperty("bench.out", "bench-results.json")));
        String given = System.getProperty("bench.args", "").strip();
        if (!given.isEmpty()) {
            args.addAll(Arrays.asList(given.split("\\s+")));
        }
        ObjectNode figures = Benchmark.run(BenchOptions.parse(args.toArray(new String[0])), System.out);
        String line = figures.get("ratios_line").asText();
        assertTrue(line.matches("ratios \\(graft/peer\\): inference=(\\d+\\.\\d\\d|n/a) phase1=(\\d+\\.\\d\\d|n/a) "
                + "phase2=(\\d+\\.\\d\\d|n/a) memory=(\\d+\\.\\d\\d|n/a)"), line);
    }
}
