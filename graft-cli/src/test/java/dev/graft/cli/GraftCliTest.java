package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The {@code graft} command, run in-process with captured output. */
class GraftCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int graft(String... args) {
        return GraftCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void summaryPrintsKerasTableWithTotals() {
        assertEquals(0, graft("summary", "--model", "mobilenet", "--alpha", "0.25", "--no-top", "--input-shape",
                "224,224,3"), err.toString());
        String table = out.toString();
        assertTrue(table.contains("Model: \"mobilenet_0.25_224\""), table);
        assertTrue(table.contains("conv_pw_13_relu (ReLU)"), table);
        assertTrue(table.contains("Total params: 218,544"), table);
    }

    @Test
    void summaryOfXceptionAt150() {
        assertEquals(0, graft("summary", "--model", "xception", "--no-top", "--input-shape", "150,150,3"),
                err.toString());
        assertTrue(out.toString().contains("Total params: 20,861,480"), out.toString());
        assertTrue(out.toString().contains("(None, 5, 5, 2048)"), out.toString());
    }

    @Test
    void predictRanksTheElephantWithTheGenuineWeights() {
        Path weights = SharedData.require("data/weights/mobilenet_2_5_224_tf.rebuilt.h5");
        Path classes = SharedData.require("data/imagenet/imagenet_class_names.json");
        Path elephant = SharedData.require("data/imagenet/elephant.jpg");
        Path cheetah = SharedData.require("data/imagenet/cheetah.jpg");
        assertEquals(0, graft("predict", "--model", "mobilenet", "--alpha", "0.25", "--weights", weights.toString(),
                "--classes", classes.toString(), "--top", "3", elephant.toString(), cheetah.toString()), err.toString());
        String[] lines = out.toString().split("\\R");
        assertEquals(elephant.toString(), lines[0]);
        assertTrue(lines[1].matches("  1\\. African elephant.*  386  0\\.\\d{4}"), lines[1]);
        assertTrue(lines[2].contains("tusker") && lines[2].contains(" 101 "), lines[2]);
        assertTrue(lines[3].contains("Indian") && lines[3].contains(" 385 "), lines[3]);
        assertEquals(cheetah.toString(), lines[4]);
        assertTrue(lines[5].contains("cheetah") && lines[5].contains(" 293 "), lines[5]);
    }

    @Test
    void userErrorsEndWithOneLineAndStatusOne() {
        assertEquals(1, graft("summary", "--model", "alexnet"));
        assertTrue(err.toString().startsWith("graft: Unknown application 'alexnet'; available: [xception, mobilenet"),
                err.toString());
        assertTrue(!err.toString().contains("\tat "), "no stack trace");
        err.getBuffer().setLength(0);
        assertEquals(1, graft("predict", "--model", "mobilenet", "--alpha", "0.25", "--weights", "none",
                "--classes", "/no/such/classes.json", "x.jpg"));
        assertTrue(err.toString().contains("/no/such/classes.json"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(1, graft("summary", "--model", "missing.keras"));
        assertTrue(err.toString().contains("No model file"), err.toString());
    }

    @Test
    void usageErrorsShowHelp() {
        assertEquals(2, graft("summary"));
        assertTrue(err.toString().contains("Missing required option: '--model=NAME|FILE.keras'"), err.toString());
    }
}
