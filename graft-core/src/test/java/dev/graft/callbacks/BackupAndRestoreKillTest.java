package dev.graft.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.jdi.Bootstrap;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequest;
import dev.graft.saving.ArrayFile;
import dev.graft.tensor.Tensor;
import dev.graft.testing.TestJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a training process ({@link KillResumeChild}) with SIGKILL again and again, restarting it each time,
 * and checks that the run finishes with the very weights, bit for bit, of an uninterrupted run, that the CSV
 * log has every epoch once, and that the backup directory is readable after every kill. Most kills come at
 * seeded random steps; three stop the child in the middle of a checkpoint write, deterministically: the child
 * runs under the JDK's debugger interface, and is killed while held at a breakpoint in the write (after the
 * temporary file is created, or once it is complete but not yet renamed). Production code has no hook for it.
 */
class BackupAndRestoreKillTest {
    /** Steps per epoch: 90 training samples in batches of 16. */
    private static final int STEPS_PER_EPOCH = 6;
    private static final int TOTAL_STEPS = KillResumeChild.EPOCHS * STEPS_PER_EPOCH;
    private static final long CHILD_TIMEOUT_S = 120;

    @TempDir
    Path dir;

    /** Where in the write a debugger-held kill stops the child. */
    private enum WriteStage {
        /** Entering {@code ArrayFile.write}: the temporary file exists, empty. */
        WRITING("dev.graft.saving.ArrayFile", "write", null),
        /**
         * Entering {@code AtomicFiles.commit} for the checkpoint writer (other files, such as the CSV log, are
         * committed too): the temporary file is complete, not synced nor renamed.
         */
        COMMITTING("dev.graft.utils.AtomicFiles", "commit", "dev.graft.callbacks.BackupFile");

        final String className;
        final String method;
        /** The class that must be on the stack for a call to count, or null for every call. */
        final String caller;

        WriteStage(String className, String method, String caller) {
            this.className = className;
            this.method = method;
            this.caller = caller;
        }
    }

    @Test
    void killedTrainingResumesToTheWeightsOfAnUninterruptedRun() throws Exception {
        Path referenceDir = Files.createDirectory(dir.resolve("reference"));
        Path runDir = Files.createDirectory(dir.resolve("run"));
        Child reference = Child.start(referenceDir, null);

        Random random = new Random(20240608);
        // Eight kills at distinct random steps (from the third on, so a checkpoint exists), in order...
        TreeSet<Integer> targets = new TreeSet<>();
        while (targets.size() < 8) {
            targets.add(3 + random.nextInt(TOTAL_STEPS - 4));
        }
        List<Object> plan = new ArrayList<>(targets);
        // ... and three in the middle of checkpoint writes, at a random write of the restarted run.
        plan.add(2, WriteStage.WRITING);
        plan.add(5, WriteStage.COMMITTING);
        plan.add(8, WriteStage.WRITING);

        int kills = 0;
        int resumed = 0;
        int midWrite = 0;
        List<String> points = new ArrayList<>();
        for (Object kill : plan) {
            int expectedFirst = firstStepAfter(runDir.resolve("backup"));
            Child child;
            if (kill instanceof WriteStage stage) {
                int hit = 1 + random.nextInt(3);
                child = Child.start(runDir, stage);
                child.killAtBreakpoint(stage, hit);
                assertTrue(temporaryFiles(runDir.resolve("backup")) > 0,
                        "the kill at " + stage + " #" + hit + " left the interrupted write's temporary file");
                midWrite++;
                points.add(stage + "#" + hit);
            } else {
                child = Child.start(runDir, null);
                int step = child.killAtStep((Integer) kill);
                points.add("step " + step);
            }
            kills++;
            assertEquals(137, child.process.waitFor(), "exit status of a SIGKILL");
            resumed += checkResumedAt(expectedFirst, child);
            assertReadable(runDir.resolve("backup"));
        }
        int expectedFirst = firstStepAfter(runDir.resolve("backup"));
        Child last = Child.start(runDir, null);
        last.awaitDone();
        resumed += checkResumedAt(expectedFirst, last);
        reference.awaitDone();

        byte[] expected = Files.readAllBytes(referenceDir.resolve("final.bin"));
        byte[] actual = Files.readAllBytes(runDir.resolve("final.bin"));
        boolean identical = java.util.Arrays.equals(expected, actual);
        System.out.println("kill-resume: " + kills + " kills, resumed " + resumed
                + ", final weights bit-identical: " + identical);
        System.out.println("kill-resume points: " + points);

        assertTrue(kills >= 10, "at least 10 kills");
        assertEquals(3, midWrite);
        assertEquals(kills, resumed, "every restart after a kill continued from a checkpoint");
        assertArrayEquals(expected, actual, "final weights, bit for bit");
        String log = Files.readString(runDir.resolve("log.csv"));
        assertEquals(Files.readString(referenceDir.resolve("log.csv")), log, "the CSV log, epoch by epoch");
        List<String> epochs = log.lines().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList();
        assertEquals(List.of("0", "1", "2", "3", "4", "5"), epochs, "every epoch logged once, none lost or repeated");
        assertTrue(!Files.exists(runDir.resolve("backup")), "the checkpoint is deleted after the finished run");
    }

    /**
     * The global step (1-based) a run started now begins with: the one after the checkpoint's position, or 1
     * without a checkpoint.
     */
    private static int firstStepAfter(Path backupDir) throws IOException {
        Path checkpoint = backupDir.resolve(BackupAndRestore.CHECKPOINT_FILE);
        if (!Files.exists(checkpoint)) {
            return 1;
        }
        ArrayFile.Contents contents = ArrayFile.read(checkpoint);
        contents.arrays().values().forEach(Tensor::close);
        JsonNode fit = new ObjectMapper().readTree(contents.document()).get("fit");
        return fit.get("epoch").get("long").asInt() * STEPS_PER_EPOCH + fit.get("step").get("long").asInt() + 1;
    }

    /** 1 if {@code child} continued from a checkpoint (its first step is the one after it), else 0. */
    private static int checkResumedAt(int expectedFirst, Child child) {
        assertEquals(expectedFirst, child.firstStep, "the run's first step follows the checkpoint");
        return expectedFirst > 1 ? 1 : 0;
    }

    /** The checkpoint, if any, reads as a whole checkpoint of BackupAndRestore. */
    private static void assertReadable(Path backupDir) {
        Path checkpoint = backupDir.resolve(BackupAndRestore.CHECKPOINT_FILE);
        if (!Files.exists(checkpoint)) {
            return;
        }
        ArrayFile.Contents contents = ArrayFile.read(checkpoint);
        contents.arrays().values().forEach(Tensor::close);
        String document = new String(contents.document(), StandardCharsets.UTF_8);
        assertTrue(document.contains("\"format\":\"" + BackupFile.FORMAT + "\""), document);
    }

    private static long temporaryFiles(Path backupDir) throws IOException {
        try (Stream<Path> files = Files.list(backupDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    /** A training process and the lines it prints. */
    private static final class Child {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        /** The global step (steps done, counting from 1) of the first step this process ran, or 0. */
        volatile int firstStep;

        private Child(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException closed) {
                    // The process was killed.
                }
                lines.add("<eof>");
            }, "kill-resume-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** Starts the child in {@code runDir}, held for a debugger when {@code stage} is given. */
        static Child start(Path runDir, WriteStage stage) throws IOException {
            List<String> options = new ArrayList<>(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
            if (stage != null) {
                options.add("-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=127.0.0.1:0");
            }
            ProcessBuilder builder = TestJvm.builder(options, KillResumeChild.class, runDir.toString());
            return new Child(builder.start());
        }

        private String nextLine() throws InterruptedException {
            String line = lines.poll(CHILD_TIMEOUT_S, TimeUnit.SECONDS);
            assertNotNull(line, "the child printed nothing for " + CHILD_TIMEOUT_S + " s");
            return line;
        }

        /** Reads lines until a step line; returns its global step (1-based), or -1 at the end of output. */
        private int nextStep() throws InterruptedException {
            while (true) {
                String line = nextLine();
                if (line.equals("<eof>")) {
                    return -1;
                }
                if (line.startsWith("step ")) {
                    String[] parts = line.split(" ");
                    int step = Integer.parseInt(parts[1]) * STEPS_PER_EPOCH + Integer.parseInt(parts[2]) + 1;
                    if (firstStep == 0) {
                        firstStep = step;
                    }
                    return step;
                }
            }
        }

        /** Kills the child with SIGKILL once it has finished global step {@code target}; returns the step seen. */
        int killAtStep(int target) throws InterruptedException {
            while (true) {
                int step = nextStep();
                if (step < 0) {
                    fail("the child ended before step " + target + " (first step " + firstStep + ")");
                }
                if (step >= target) {
                    process.destroyForcibly();
                    return step;
                }
            }
        }

        /** Lets the child run under the debugger and kills it when it reaches the {@code hit}-th write's stage. */
        void killAtBreakpoint(WriteStage stage, int hit) throws Exception {
            String listening = nextLine();
            String port = listening.substring(listening.lastIndexOf(':') + 1).trim();
            AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                    .filter(c -> c.transport().name().equals("dt_socket")).findFirst().orElseThrow();
            Map<String, Connector.Argument> arguments = socket.defaultArguments();
            arguments.get("hostname").setValue("127.0.0.1");
            arguments.get("port").setValue(port);
            VirtualMachine vm = socket.attach(arguments);
            ClassPrepareRequest prepare = vm.eventRequestManager().createClassPrepareRequest();
            prepare.addClassFilter(stage.className);
            prepare.enable();
            vm.resume();
            Thread steps = new Thread(() -> {
                try {
                    while (nextStep() >= 0) {
                        // Records the first step; the rest only drains the output.
                    }
                } catch (InterruptedException | AssertionError ignored) {
                    // The test is over or the child died.
                }
            }, "kill-resume-steps");
            steps.setDaemon(true);
            steps.start();
            int seen = 0;
            while (true) {
                EventSet events = vm.eventQueue().remove(TimeUnit.SECONDS.toMillis(CHILD_TIMEOUT_S));
                assertNotNull(events, "the child reached no " + stage + " in " + CHILD_TIMEOUT_S + " s");
                for (Event event : events) {
                    if (event instanceof ClassPrepareEvent prepared) {
                        ReferenceType type = prepared.referenceType();
                        BreakpointRequest breakpoint = vm.eventRequestManager().createBreakpointRequest(
                                type.methodsByName(stage.method).get(0).location());
                        breakpoint.setSuspendPolicy(EventRequest.SUSPEND_ALL);
                        breakpoint.enable();
                    } else if (event instanceof BreakpointEvent reached) {
                        if (stage.caller != null && reached.thread().frames().stream()
                                .noneMatch(f -> f.location().declaringType().name().equals(stage.caller))) {
                            continue;   // a commit of another file
                        }
                        if (++seen < hit) {
                            continue;
                        }
                        // Every thread of the child is held inside the write: kill it there.
                        process.destroyForcibly();
                        process.waitFor(CHILD_TIMEOUT_S, TimeUnit.SECONDS);
                        steps.join(TimeUnit.SECONDS.toMillis(CHILD_TIMEOUT_S));
                        return;
                    } else if (event instanceof VMDeathEvent || event instanceof VMDisconnectEvent) {
                        fail("the child ended before reaching " + stage + " #" + hit);
                    }
                }
                events.resume();
            }
        }

        /** Waits for the child to finish training and print {@code done}. */
        void awaitDone() throws InterruptedException {
            List<String> tail = new ArrayList<>();
            while (true) {
                String line = nextLine();
                if (line.startsWith("step ")) {
                    nextStepSeen(line);
                    continue;
                }
                if (line.equals("done")) {
                    assertEquals(0, process.waitFor(), "exit status of the finished run");
                    return;
                }
                if (line.equals("<eof>")) {
                    fail("the child ended without finishing; its last lines: " + tail);
                }
                tail.add(line);
            }
        }

        private void nextStepSeen(String line) {
            if (firstStep == 0) {
                String[] parts = line.split(" ");
                firstStep = Integer.parseInt(parts[1]) * STEPS_PER_EPOCH + Integer.parseInt(parts[2]) + 1;
            }
        }
    }
}
