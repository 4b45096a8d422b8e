package dev.graft.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.models.Models;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model file cannot make Graft run code: class names in a {@code .keras} config resolve only through
 * {@link LayerRegistry}'s fixed table (a name of a JDK or Graft class is refused, never loaded), and no main
 * source of any module uses Java deserialization, scripting or class loading by name.
 */
class NoCodeFromFilesTest {
    /** Set by {@link Tripwire}'s static initializer: true only if something loaded and initialized that class. */
    static final AtomicBoolean TRIPPED = new AtomicBoolean();

    /** A class a hostile config names; initializing it (as {@code Class.forName} would) trips the wire. */
    public static final class Tripwire {
        static {
            TRIPPED.set(true);
        }

        public Tripwire() {
        }
    }

    private static final String TRIPWIRE = Tripwire.class.getName();
    private static final String[] HOSTILE_CLASSES = {"java.lang.Runtime", "java.lang.ProcessBuilder",
        "javax.script.ScriptEngineManager", "java.io.ObjectInputStream", TRIPWIRE};

    @TempDir
    Path dir;

    private Path file;
    private Map<String, byte[]> valid;

    @BeforeEach
    void validArchive() throws IOException {
        file = dir.resolve("model.keras");
        valid = KerasFileCompatibilityTest.denseArchive(KerasFileCompatibilityTest.denseWeights(dir.resolve("w.h5")));
    }

    /** Loads a copy of the valid file whose config has {@code from} replaced by {@code to}; returns the error. */
    private String refusal(String from, String to) throws IOException {
        String config = KerasFileCompatibilityTest.DENSE_CONFIG;
        assertTrue(config.contains(from), from);
        KerasArchives.write(file, KerasArchives.with(valid, "config.json",
                config.replace(from, to).getBytes(StandardCharsets.UTF_8)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.load(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("config.json"), e.getMessage());
        assertFalse(TRIPPED.get(), "a class named by the file was initialized");
        return e.getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {"java.lang.Runtime", "java.lang.ProcessBuilder", "javax.script.ScriptEngineManager",
        "java.io.ObjectInputStream", "dev.graft.saving.NoCodeFromFilesTest$Tripwire", "dev.graft.layers.Dense"})
    void aLayerClassNameOutsideTheRegistryIsRefused(String className) throws IOException {
        String message = refusal("\"class_name\": \"Dense\"", "\"class_name\": \"" + className + "\"");
        assertTrue(message.contains("class '" + className + "' is not supported"), message);
        assertTrue(message.contains("Conv2D") && message.contains("Dense"), "names the supported classes: " + message);
    }

    @Test
    void aJavaModuleOrRegisteredNameIsRefused() throws IOException {
        for (String hostile : HOSTILE_CLASSES) {
            int dot = hostile.lastIndexOf('.');
            String module = hostile.substring(0, dot);
            String message = refusal("\"module\": \"keras.layers\", \"class_name\": \"Dense\"",
                    "\"module\": \"" + module + "\", \"class_name\": \"" + hostile.substring(dot + 1) + "\"");
            assertTrue(message.contains("custom class from module '" + module + "'"), message);

            message = refusal("\"registered_name\": null, \"build_config\": {\"input_shape\": [null, 3]}",
                    "\"registered_name\": \"" + hostile + "\", \"build_config\": {\"input_shape\": [null, 3]}");
            assertTrue(message.contains("registered as '" + hostile + "'"), message);
        }
    }

    @Test
    void hostileNamesInNestedObjectsAreRefused() throws IOException {
        for (String hostile : HOSTILE_CLASSES) {
            String model = refusal("\"class_name\": \"Functional\"", "\"class_name\": \"" + hostile + "\"");
            assertTrue(model.contains(hostile), model);
            String initializer = refusal("\"class_name\": \"GlorotUniform\"", "\"class_name\": \"" + hostile + "\"");
            assertTrue(initializer.contains(hostile), initializer);
            String dtype = refusal("\"class_name\": \"DTypePolicy\"", "\"class_name\": \"" + hostile + "\"");
            assertTrue(dtype.contains(hostile), dtype);
            String activation = refusal("\"activation\": \"linear\"", "\"activation\": \"" + hostile + "\"");
            assertTrue(activation.contains(hostile), activation);
        }
    }

    /**
     * Guards the promise in SECURITY.md for code written later: no main source may deserialize Java objects,
     * evaluate scripts, use Jackson's polymorphic typing (which instantiates classes named in JSON) or load classes
     * by name. Only the benchmark harness and {@code --workers} (LocalWorkers) start processes, from their own
     * command line, through {@code LocalWorkerGroup}, which starts only the processes its caller describes.
     */
    @Test
    void noMainSourceDeserializesScriptsOrLoadsClassesByName() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> forbidden = List.of("ObjectInputStream", "readObject(", "readUnshared(", "XMLDecoder",
                "ScriptEngine", "Class.forName(", ".loadClass(", "enableDefaultTyping", "activateDefaultTyping",
                "JsonTypeInfo", "javax.naming", "MethodHandles.lookup().findStatic");
        List<String> found = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : (Iterable<Path>) modules.sorted()::iterator) {
                Path sources = module.resolve("src/main/java");
                if (!Files.isDirectory(sources)) {
                    continue;
                }
                boolean mayStartProcesses = module.getFileName().toString().equals("graft-bench");
                try (Stream<Path> files = Files.walk(sources)) {
                    for (Path source : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                        scanned++;
                        String text = Files.readString(source);
                        for (String token : forbidden) {
                            if (text.contains(token)) {
                                found.add(root.relativize(source) + ": " + token);
                            }
                        }
                        boolean launchesWorkers = source.endsWith(Path.of("dev/graft/cli/LocalWorkers.java"))
                                || source.endsWith(Path.of("dev/graft/distributed/LocalWorkerGroup.java"));
                        if (!mayStartProcesses && !launchesWorkers && (text.contains("ProcessBuilder") || text.contains(".exec("))) {
                            found.add(root.relativize(source) + ": starts a process");
                        }
                    }
                }
            }
        }
        assertTrue(scanned > 100, "the main sources of every module were found under " + root + ": " + scanned);
        assertEquals(List.of(), found);
    }
}
