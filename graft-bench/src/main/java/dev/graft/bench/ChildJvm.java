package dev.graft.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM that runs one {@link ChildMain} task: this JVM's {@code java} and class path,
 * a modest heap, and this process's environment (so {@code OMP_NUM_THREADS} and the like carry over); the task
 * gets the parent's libtorch thread count as {@code threads=N}. {@code processors} limits what the child's
 * {@code Runtime.availableProcessors()} reports, which sets the number of {@code Dataset.AUTOTUNE} workers.
 */
final class ChildJvm {
    /** The child's Java heap: tensors live outside it, so a small heap suffices. */
    static final String HEAP = "-Xmx1g";

    private ChildJvm() {
    }

    static List<String> command(String task, ChildArgs args, Integer processors) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(HEAP);
        command.add("-Djava.awt.headless=true");
        if (processors != null) {
            command.add("-XX:ActiveProcessorCount=" + processors);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ChildMain.class.getName());
        command.add(task);
        command.addAll(args.words());
        return command;
    }
}
