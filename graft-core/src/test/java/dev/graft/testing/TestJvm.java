package dev.graft.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts code in a fresh JVM on this test run's class path, for tests that need a process of their own: to
 * kill it, to run it as one worker among several, or to measure its memory without the rest of the suite in
 * the same process. Every child gets one kernel thread ({@code OMP_NUM_THREADS=1}), so its reductions run in
 * the same order whatever the machine's load.
 */
public final class TestJvm {
    /** A small heap with the serial collector and the client compiler, so that a child starts quickly. */
    public static final List<String> DEFAULT_OPTIONS =
            List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /**
     * For resident-memory measurements: a fixed heap, touched at start-up, is resident from the beginning and
     * never grows or shrinks, so the changes of the RSS are native memory (libtorch's and JavaCPP's). The client
     * compiler alone: the optimizing compiler's work arenas raised the optimizer test's RSS floor by 12-13 MiB in
     * one step, once its methods got hot (+0.4 MiB over the same 600 steps without it).
     */
    public static final List<String> MEMORY_OPTIONS =
            List.of("-Xms128m", "-Xmx128m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private TestJvm() {
    }

    /** A process builder for {@code java <DEFAULT_OPTIONS> -cp <class path> main args...}. */
    public static ProcessBuilder builder(Class<?> main, String... args) {
        return builder(DEFAULT_OPTIONS, main, args);
    }

    /** A process builder for {@code java <jvmOptions> -cp <class path> main args...}, stderr merged into stdout. */
    public static ProcessBuilder builder(List<String> jvmOptions, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OMP_NUM_THREADS", "1");
        return builder;
    }

    /**
     * Runs the static, argument-free method {@code owner.method()} in a child JVM and fails the calling test if
     * it throws, or does not return within {@code timeoutSeconds}. The child's output is echoed line by line
     * and included in the failure message.
     */
    public static void runStatic(List<String> jvmOptions, Class<?> owner, String method, long timeoutSeconds)
            throws IOException, InterruptedException {
        Process child = builder(jvmOptions, TestJvm.class, owner.getName(), method).start();
        StringBuilder output = new StringBuilder();
        // Read on another thread, so that a child that hangs still fails at the timeout.
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    System.out.println(line);
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                }
            } catch (IOException closed) {
                // The child was killed at the timeout.
            }
        }, "test-jvm-reader");
        reader.setDaemon(true);
        reader.start();
        boolean ended = child.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly().waitFor();
        }
        reader.join(5000);
        String name = owner.getSimpleName() + "." + method;
        synchronized (output) {
            assertTrue(ended, name + " did not finish in " + timeoutSeconds + " s in its own JVM:\n" + output);
            assertEquals(0, child.exitValue(), name + " failed in its own JVM:\n" + output);
        }
    }

    /** The child side of {@link #runStatic}: {@code args} are the class and the method; exit status 1 on failure. */
    public static void main(String[] args) throws ReflectiveOperationException {
        Method method = Class.forName(args[0]).getDeclaredMethod(args[1]);
        method.setAccessible(true);
        int status = 0;
        try {
            method.invoke(null);
        } catch (InvocationTargetException e) {
            e.getCause().printStackTrace(System.out);
            status = 1;
        }
        System.out.flush();
        System.exit(status); // also ends any non-daemon threads the method left
    }
}
