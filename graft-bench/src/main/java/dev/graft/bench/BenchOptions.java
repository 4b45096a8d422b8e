package dev.graft.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link Benchmark} runs and how often:
 * <pre>{@code
 * BenchOptions options = BenchOptions.builder().optRounds(1).optOnly(BenchSection.XCEPTION).build();
 * BenchOptions smoke = BenchOptions.builder().optQuick(true).optSkipPeer(true).build();
 * }</pre>
 * Counts not given take the full run's defaults (3 rounds of 5 timed steps after 1 warm-up step, 640 photos,
 * up to 30 s of waiting for an idle machine), or with {@code quick} a smoke run's (1 round, 2 steps after 1,
 * 64 photos, up to 5 s).
 */
public final class BenchOptions {
    private static final List<String> OPTIONS = List.of("--rounds", "--iters", "--warmup", "--photos", "--quick",
            "--skip-peer", "--out", "--only", "--threads", "--max-idle-wait");
    private final int rounds;
    private final int iters;
    private final int warmup;
    private final int photos;
    private final boolean quick;
    private final boolean skipPeer;
    private final Path out;
    private final Set<BenchSection> only;
    private final Integer threads;
    private final double maxIdleWaitSeconds;

    private BenchOptions(Builder b) {
        this.quick = b.quick;
        this.rounds = b.rounds != null ? b.rounds : quick ? 1 : 3;
        this.iters = b.iters != null ? b.iters : quick ? 2 : 5;
        this.warmup = b.warmup != null ? b.warmup : 1;
        this.photos = b.photos != null ? b.photos : quick ? 64 : 640;
        this.maxIdleWaitSeconds = b.maxIdleWaitSeconds != null ? b.maxIdleWaitSeconds : quick ? 5 : 30;
        this.skipPeer = b.skipPeer;
        this.out = b.out;
        this.only = b.only.isEmpty() ? EnumSet.allOf(BenchSection.class) : EnumSet.copyOf(b.only);
        this.threads = b.threads;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Options from command-line words: {@code --rounds N --iters N --warmup N --photos N --quick --skip-peer
     * --out FILE --only xception,mobilenet,pipeline,reuse,distributed --threads N --max-idle-wait SECONDS}.
     */
    public static BenchOptions parse(String... args) {
        Builder b = builder();
        List<String> words = Arrays.asList(args);
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("Unknown option '" + word + "'; the options are "
                        + String.join(", ", OPTIONS));
            }
            boolean flag = name.equals("--quick") || name.equals("--skip-peer");
            String value = null;
            if (!flag) {
                if (word.contains("=")) {
                    value = word.substring(word.indexOf('=') + 1);
                } else if (i + 1 < words.size()) {
                    value = words.get(++i);
                } else {
                    throw new IllegalArgumentException("Option " + name + " needs a value");
                }
            }
            switch (name) {
                case "--quick" -> b.optQuick(true);
                case "--skip-peer" -> b.optSkipPeer(true);
                case "--rounds" -> b.optRounds(integer(name, value));
                case "--iters" -> b.optIters(integer(name, value));
                case "--warmup" -> b.optWarmup(integer(name, value));
                case "--photos" -> b.optPhotos(integer(name, value));
                case "--threads" -> b.optThreads(integer(name, value));
                case "--out" -> b.optOut(Path.of(value));
                case "--only" -> b.optOnly(Arrays.stream(value.split(",")).map(BenchSection::of)
                        .toArray(BenchSection[]::new));
                case "--max-idle-wait" -> b.optMaxIdleWaitSeconds(number(name, value));
                default -> throw new IllegalStateException("Option " + name + " is listed but not handled");
            }
        }
        return b.build();
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs an integer, received '" + value + "'");
        }
    }

    private static double number(String option, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, received '" + value + "'");
        }
    }

    /** Rounds of Graft and peer measurements; figures are medians over rounds. */
    public int rounds() {
        return rounds;
    }

    /** Timed steps per measurement; a measurement's figure is their median. */
    public int iters() {
        return iters;
    }

    /** Untimed steps before them. */
    public int warmup() {
        return warmup;
    }

    /** Photos read by the pipeline measurements (a multiple of the batch, 32, gives full batches). */
    public int photos() {
        return photos;
    }

    public boolean quick() {
        return quick;
    }

    /** Whether to leave out the peer (its figures and the ratios are then n/a). */
    public boolean skipPeer() {
        return skipPeer;
    }

    /** Where to write every figure as JSON, or null. */
    public Path out() {
        return out;
    }

    /** The sections to run. */
    public Set<BenchSection> only() {
        return EnumSet.copyOf(only);
    }

    public boolean runs(BenchSection section) {
        return only.contains(section);
    }

    /** libtorch's thread count for every Graft measurement, or null for the engine's default. */
    public Integer threads() {
        return threads;
    }

    /** The longest wait for an idle machine before each measurement. */
    public double maxIdleWaitSeconds() {
        return maxIdleWaitSeconds;
    }

    /** The idle seconds in a row that count as an idle machine. */
    public int idleSeconds() {
        return quick ? 1 : 3;
    }

    /** Builds {@link BenchOptions}. */
    public static final class Builder {
        private Integer rounds;
        private Integer iters;
        private Integer warmup;
        private Integer photos;
        private boolean quick;
        private boolean skipPeer;
        private Path out;
        private Set<BenchSection> only = EnumSet.noneOf(BenchSection.class);
        private Integer threads;
        private Double maxIdleWaitSeconds;

        private Builder() {
        }

        public Builder optRounds(int rounds) {
            this.rounds = rounds;
            return this;
        }

        public Builder optIters(int iters) {
            this.iters = iters;
            return this;
        }

        public Builder optWarmup(int warmup) {
            this.warmup = warmup;
            return this;
        }

        public Builder optPhotos(int photos) {
            this.photos = photos;
            return this;
        }

        /** Small counts for a smoke run; counts given explicitly still win. */
        public Builder optQuick(boolean quick) {
            this.quick = quick;
            return this;
        }

        public Builder optSkipPeer(boolean skipPeer) {
            this.skipPeer = skipPeer;
            return this;
        }

        public Builder optOut(Path out) {
            this.out = out;
            return this;
        }

        /** Runs only these sections; none given means all. */
        public Builder optOnly(BenchSection... sections) {
            this.only = sections.length == 0 ? EnumSet.noneOf(BenchSection.class)
                    : EnumSet.copyOf(Arrays.asList(sections));
            return this;
        }

        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder optMaxIdleWaitSeconds(double seconds) {
            this.maxIdleWaitSeconds = seconds;
            return this;
        }

        public BenchOptions build() {
            positive("rounds", rounds, 1);
            positive("iters", iters, 1);
            positive("warmup", warmup, 0);
            positive("photos", photos, Workload.BATCH);
            positive("threads", threads, 1);
            if (maxIdleWaitSeconds != null && !(maxIdleWaitSeconds >= 0)) {
                throw new IllegalArgumentException("The idle wait must be >= 0 seconds, received "
                        + maxIdleWaitSeconds);
            }
            return new BenchOptions(this);
        }

        private static void positive(String name, Integer value, int min) {
            if (value != null && value < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", received " + value);
            }
        }
    }
}
