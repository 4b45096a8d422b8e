package dev.graft.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report as one self-contained HTML page: inline styles, pictures referenced by relative file names, no
 * scripts and nothing fetched from elsewhere. Every text that comes from the data (file and class names) is
 * escaped.
 */
final class ReportPage {
    private final Map<String, Object> settings;
    private final List<PhaseResult> phases;
    private final List<String> notes;
    private final ConfusionMatrix confusion;
    private final ValidationResults results;
    private final List<ScoredImage> worst;
    private final StringBuilder html = new StringBuilder();

    /**
     * @param settings what was run, shown as a table (key, value)
     * @param phases   the training phases, in order
     * @param notes    sentences about the run (timings, what was left out)
     * @param results  the final model's scores on the validation images
     * @param worst    the images shown in the worst-classified picture, in its order
     */
    ReportPage(Map<String, Object> settings, List<PhaseResult> phases, List<String> notes, ValidationResults results,
            List<ScoredImage> worst) {
        this.settings = settings;
        this.phases = phases;
        this.notes = notes;
        this.confusion = results.confusionMatrix();
        this.results = results;
        this.worst = worst;
    }

    String html() {
        html.setLength(0);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>graft finetune report</title>\n<style>\n")
                .append("body { font-family: sans-serif; margin: 2em; color: #222; background: #fff; }\n")
                .append("table { border-collapse: collapse; margin: 1em 0; }\n")
                .append("th, td { border: 1px solid #bbb; padding: 4px 10px; text-align: left; }\n")
                .append("th { background: #eef; }\n td.num { text-align: right; }\n img { max-width: 100%; }\n")
                .append("</style>\n</head>\n<body>\n<h1>graft finetune report</h1>\n");
        settingsTable();
        phasesTable();
        section("Training curves", Report.CURVES, "Loss and accuracy per epoch, training and validation");
        html.append("<h2>Confusion matrix</h2>\n");
        picture(Report.CONFUSION, "Confusion matrix of the validation images");
        confusionTable();
        html.append("<h2>Worst-classified validation images</h2>\n<p>The validation images with the highest loss.</p>\n");
        picture(Report.WORST, "The validation images with the highest loss, with true and predicted classes");
        worstTable();
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private void settingsTable() {
        html.append("<h2>Run</h2>\n<table>\n");
        settings.forEach((key, value) -> html.append("<tr><th>").append(escape(key)).append("</th><td>")
                .append(escape(String.valueOf(value))).append("</td></tr>\n"));
        html.append(String.format(Locale.ROOT, "<tr><th>validation accuracy of the saved model</th><td>%.4f (%d of %d)"
                + "</td></tr>%n", results.accuracy(), Math.round(results.accuracy() * results.images().size()),
                results.images().size()));
        html.append("</table>\n");
        for (String note : notes) {
            html.append("<p>").append(escape(note)).append("</p>\n");
        }
    }

    private void phasesTable() {
        html.append("<h2>Phases</h2>\n<table>\n<tr><th>phase</th><th>epochs run</th><th>best epoch</th>")
                .append("<th>val accuracy</th><th>val loss</th><th>seconds</th></tr>\n");
        for (PhaseResult phase : phases) {
            html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td class=\"num\">%d</td><td class=\"num\">%d</td>"
                            + "<td class=\"num\">%.4f</td><td class=\"num\">%.4f</td><td class=\"num\">%.1f</td></tr>%n",
                    escape(phase.name()), phase.epochsRun(), phase.bestEpoch() + 1, phase.valAccuracy(),
                    phase.valLoss(), phase.seconds()));
        }
        html.append("</table>\n");
    }

    private void section(String title, String file, String alt) {
        html.append("<h2>").append(escape(title)).append("</h2>\n");
        picture(file, alt);
    }

    private void picture(String file, String alt) {
        html.append("<p><img src=\"").append(escape(file)).append("\" alt=\"").append(escape(alt)).append("\"></p>\n");
    }

    private void confusionTable() {
        List<String> names = confusion.classNames();
        html.append("<table>\n<tr><th>true \\ predicted</th>");
        for (String name : names) {
            html.append("<th>").append(escape(name)).append("</th>");
        }
        html.append("</tr>\n");
        for (int t = 0; t < names.size(); t++) {
            html.append("<tr><th>").append(escape(names.get(t))).append("</th>");
            for (long count : confusion.counts()[t]) {
                html.append("<td class=\"num\">").append(count).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private void worstTable() {
        List<String> names = confusion.classNames();
        html.append("<table>\n<tr><th>#</th><th>file</th><th>true</th><th>predicted</th><th>probability</th>")
                .append("<th>loss</th></tr>\n");
        for (int i = 0; i < worst.size(); i++) {
            ScoredImage image = worst.get(i);
            html.append(String.format(Locale.ROOT, "<tr><td class=\"num\">%d</td><td>%s</td><td>%s</td><td>%s</td>"
                            + "<td class=\"num\">%.4f</td><td class=\"num\">%.4f</td></tr>%n", i + 1,
                    escape(image.file().toString()), escape(names.get(image.label())),
                    escape(names.get(image.predicted())), image.probability(), image.loss()));
        }
        html.append("</table>\n");
    }

    /** {@code text} with the five characters that HTML gives a meaning replaced by their entities. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
