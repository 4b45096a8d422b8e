package dev.graft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ResultLineTest {

    @Test
    void readsThePeersLineAmongOtherOutput() {
        // As xception_peer.py --single prints it: json.dumps of its result after the @@RESULT prefix.
        String output = "some warning from torch\n"
                + "@@RESULT {\"mode\": \"phase2\", \"format\": \"channels_last\", \"batch\": 32, \"warmup\": 1, "
                + "\"iters\": 2, \"times_s\": [30.83, 12.58], \"median_ms\": 21709.1, \"min_ms\": 12583.8, "
                + "\"images_per_s\": 1.474, \"peak_rss_mib\": 1530.5, \"threads\": 2, "
                + "\"foreign_cpu_share\": 0.6695}\n"
                + "trailing line\n";
        ObjectNode result = ResultLine.parse(output, "the peer");
        assertEquals("phase2", result.get("mode").asText());
        assertEquals(21709.1, result.get("median_ms").asDouble());
        assertEquals(1530.5, result.get("peak_rss_mib").asDouble());
        assertEquals(2, result.get("times_s").size());
    }

    @Test
    void takesTheLastResultAndReadsPythonsNaN() {
        String output = "@@RESULT {\"median_ms\": 1.0}\r\n@@RESULT {\"median_ms\": 2.0, \"x\": NaN}\n";
        ObjectNode result = ResultLine.parse(output, "a child");
        assertEquals(2.0, result.get("median_ms").asDouble());
        assertTrue(Double.isNaN(result.get("x").asDouble()));
    }

    @Test
    void roundTripsItsOwnFormat() {
        ObjectNode node = ResultLine.JSON.createObjectNode().put("median_ms", 12.5).put("task", "step");
        String line = ResultLine.format(node);
        assertTrue(line.startsWith("@@RESULT {"), line);
        assertEquals(node, ResultLine.parse("Found 2000 files belonging to 2 classes.\n" + line + "\n", "a child"));
    }

    @Test
    void aMissingLineIsReportedWithTheEndOfTheOutput() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ResultLine.parse("line 1\nTraceback: boom\n", "The peer's infer:contiguous run"));
        assertEquals("The peer's infer:contiguous run printed no '@@RESULT {json}' line; its output ended with:\n"
                + "line 1\nTraceback: boom", e.getMessage());
    }

    @Test
    void invalidJsonIsReported() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ResultLine.parse("@@RESULT {\"a\": \n", "a child"));
        assertTrue(e.getMessage().startsWith("a child printed a result line that is not valid JSON"), e.getMessage());
        IllegalStateException array = assertThrows(IllegalStateException.class,
                () -> ResultLine.parse("@@RESULT [1, 2]\n", "a child"));
        assertEquals("a child printed a result that is not a JSON object: [1, 2]", array.getMessage());
    }

    @Test
    void tailKeepsTheLastLines() {
        assertEquals("c\nd", ResultLine.tail("a\nb\nc\nd\n", 2));
        assertEquals("a", ResultLine.tail("a", 5));
    }
}
