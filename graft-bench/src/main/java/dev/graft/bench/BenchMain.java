package dev.graft.bench;

/**
 * Runs the benchmark from the command line without the {@code graft} command, as the Maven profile does:
 * {@code java dev.graft.bench.BenchMain [--quick] [--rounds N] ...} (options as {@link BenchOptions#parse}).
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("graft-bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            Benchmark.run(options, System.out);
        } catch (RuntimeException e) {
            System.out.flush();
            System.err.println("graft-bench: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
