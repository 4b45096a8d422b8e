package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.training.History;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportPageTest {

    @Test
    void escapesTheFiveSpecialCharacters() {
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;", ReportPage.escape("a <b> & \"c\" 'd'"));
    }

    @Test
    void pageShowsThePhasesThePicturesAndTheTables() {
        History history = new History();
        history.onEpochEnd(0, Map.of("loss", 0.6, "binary_accuracy", 0.7, "val_loss", 0.5, "val_binary_accuracy", 0.75));
        history.onEpochEnd(1, Map.of("loss", 0.4, "binary_accuracy", 0.8, "val_loss", 0.45, "val_binary_accuracy", 0.8));
        PhaseResult head = new PhaseResult("head", history, 1, "binary_accuracy", 12.5);
        LabelledFiles files = new LabelledFiles(List.of("<cats>", "dogs"), List.of(Path.of("x&y.jpg"), Path.of("z.jpg")),
                new int[] {0, 1});
        ValidationResults results = ValidationResults.score(files, new float[] {1f, 2f}, Classification.forClasses(2));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("base", "mobilenet");
        String html = new ReportPage(settings, List.of(head), List.of("A note & more."), results, results.worst(9))
                .html();
        assertTrue(html.startsWith("<!DOCTYPE html>"), html);
        assertTrue(html.contains("<tr><td>head</td><td class=\"num\">2</td><td class=\"num\">2</td>"
                + "<td class=\"num\">0.8000</td><td class=\"num\">0.4500</td><td class=\"num\">12.5</td></tr>"), html);
        assertTrue(html.contains("<tr><th>validation accuracy of the saved model</th><td>0.5000 (1 of 2)</td></tr>"), html);
        assertTrue(html.contains("<tr><th>&lt;cats&gt;</th><td class=\"num\">0</td><td class=\"num\">1</td></tr>"), html);
        assertTrue(html.contains("<td>x&amp;y.jpg</td><td>&lt;cats&gt;</td><td>dogs</td>"), html);
        assertTrue(html.contains("<p>A note &amp; more.</p>"), html);
        for (String png : List.of(Report.CURVES, Report.CONFUSION, Report.WORST)) {
            assertTrue(html.contains("<img src=\"" + png + "\""), png);
        }
        assertFalse(html.contains("<cats>"), "names escaped");
        assertFalse(html.contains("://"), "no external resources");
    }
}
