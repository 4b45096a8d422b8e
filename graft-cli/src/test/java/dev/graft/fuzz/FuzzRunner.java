package dev.graft.fuzz;

import dev.graft.tensor.TensorScope;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs fuzz cases one at a time on a worker thread with a deadline each, and sorts every outcome: a clear
 * error, a legitimate acceptance, a crash (any other exception or error, an unclear message, a malformed
 * input accepted) or a hang.
 */
final class FuzzRunner implements AutoCloseable {
    /** What became of one input. */
    enum Outcome { CLEAR_ERROR, ACCEPTED, CRASH, HANG }

    private final Duration deadline;
    private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    private final List<String> failures = new ArrayList<>();
    private ExecutorService worker = newWorker();

    FuzzRunner(Duration deadline) {
        this.deadline = deadline;
        for (Outcome o : Outcome.values()) {
            counts.put(o, 0);
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code c} and records its outcome. */
    Outcome run(FuzzCase c) {
        Future<Throwable> result = worker.submit(() -> {
            try (TensorScope scope = TensorScope.open()) {
                c.attempt().run();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Outcome outcome;
        try {
            outcome = classify(c, result.get(deadline.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            // The stuck thread cannot be stopped safely; abandon it and go on with a fresh worker.
            result.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            failures.add("HANG (no result within " + deadline.toSeconds() + " s): " + label(c));
            outcome = Outcome.HANG;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fuzzing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the fuzz worker itself failed", e);
        }
        counts.merge(outcome, 1, Integer::sum);
        return outcome;
    }

    private Outcome classify(FuzzCase c, Throwable thrown) {
        if (thrown == null) {
            if (c.mayAccept()) {
                return Outcome.ACCEPTED;
            }
            failures.add("CRASH (malformed input accepted without an error): " + label(c));
            return Outcome.CRASH;
        }
        String problem = unclearBecause(c, thrown);
        if (problem == null) {
            return Outcome.CLEAR_ERROR;
        }
        failures.add("CRASH (" + problem + "): " + label(c) + "\n    " + thrown + stack(thrown));
        return Outcome.CRASH;
    }

    /** Why {@code thrown} is not a clear Graft error for {@code c}, or null when it is one. */
    static String unclearBecause(FuzzCase c, Throwable thrown) {
        boolean graftType = thrown instanceof IllegalArgumentException || thrown instanceof IllegalStateException
                || thrown instanceof UncheckedIOException;
        if (!graftType) {
            return "not a Graft exception type";
        }
        if (thrown instanceof NumberFormatException) {
            return "a raw NumberFormatException";
        }
        String message = thrown.getMessage();
        if (message == null) {
            return "no message";
        }
        if (message.contains("Exception raised from") || message.contains("frame #")) {
            return "a raw native message with its backtrace";
        }
        if (!message.contains(c.faultName())) {
            return "the message does not name " + c.faultName();
        }
        return null;
    }

    private static String label(FuzzCase c) {
        return c.family() + ": " + c.description();
    }

    private static String stack(Throwable t) {
        StringBuilder s = new StringBuilder();
        StackTraceElement[] trace = t.getStackTrace();
        for (int i = 0; i < Math.min(6, trace.length); i++) {
            s.append("\n      at ").append(trace[i]);
        }
        return s.toString();
    }

    int count(Outcome outcome) {
        return counts.get(outcome);
    }

    List<String> failures() {
        return failures;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
