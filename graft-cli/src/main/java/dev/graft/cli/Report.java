package dev.graft.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graft.data.image.ImageDecoder;
import dev.graft.data.plot.ImageGrid;
import dev.graft.data.plot.PngFiles;
import dev.graft.data.plot.TrainingCurves;
import dev.graft.models.Model;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.training.History;
import dev.graft.utils.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code graft finetune} leaves in its output folder: the model ({@value #MODEL}) with its class names
 * ({@value #CLASSES}), every epoch's logs ({@value #HISTORY}), the figures of the run ({@value #SUMMARY}), the
 * training curves, the confusion matrix and the worst-classified images as PNGs, and {@value #HTML}, which
 * shows them all.
 */
final class Report {
    static final String MODEL = "model.keras";
    static final String CLASSES = "classes.json";
    static final String HISTORY = "history.json";
    static final String SUMMARY = "summary.json";
    static final String CURVES = "training-curves.png";
    static final String CONFUSION = "confusion-matrix.png";
    static final String WORST = "worst-classified.png";
    static final String HTML = "report.html";
    /** How many worst-classified images the report shows: a 3 x 3 grid, as the guide's pictures. */
    static final int WORST_COUNT = 9;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private final Map<String, Object> sections = new LinkedHashMap<>();
    private final List<PhaseResult> phases = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Report(Path dir) {
        this.dir = dir;
    }

    /** Records a setting of the run (written to summary.json under {@code key} and shown in the page). */
    void setting(String key, Object value) {
        settings.put(key, value);
    }

    /** Adds a sentence to the page. */
    void note(String sentence) {
        notes.add(sentence);
    }

    /** Records a training phase; {@code details} join its entry in summary.json. */
    void phase(PhaseResult phase, Map<String, Object> details) {
        phases.add(phase);
        Map<String, Object> entry = new LinkedHashMap<>(details);
        entry.put("epochs_run", phase.epochsRun());
        entry.put("best_epoch", phase.bestEpoch() + 1);
        entry.put("val_accuracy", number(phase.valAccuracy()));
        entry.put("val_loss", number(phase.valLoss()));
        entry.put("seconds", number(phase.seconds()));
        sections.put(phase.name(), entry);
    }

    /** Records an entry of summary.json other than a training phase, e.g. the feature extraction's timing. */
    void section(String name, Map<String, Object> entry) {
        sections.put(name, entry);
    }

    /**
     * Writes every file: the model, its classes, the logs, the summary with {@code results}, the pictures and
     * the page. Each file is replaced atomically ({@link AtomicFiles}): an interrupted run leaves each one whole,
     * from this run or the one before.
     */
    void write(Model model, ValidationResults results) throws IOException {
        Files.createDirectories(dir);
        model.save(dir.resolve(MODEL));
        writeJson(CLASSES, results.confusionMatrix().classNames());
        writeJson(HISTORY, history());
        writeJson(SUMMARY, summary(results));
        TrainingCurves.builder().optFineTuningStart(phases.size() > 1 ? phases.get(0).epochsRun() : 0).build()
                .write(dir.resolve(CURVES), phases.stream().map(PhaseResult::history).toArray(History[]::new));
        PngFiles.write(results.confusionMatrix().render(), dir.resolve(CONFUSION));
        List<ScoredImage> worst = results.worst(WORST_COUNT);
        writeWorst(worst, results.confusionMatrix().classNames());
        String html = new ReportPage(settings, phases, notes, results, worst).html();
        AtomicFiles.replace(dir.resolve(HTML), temp -> Files.writeString(temp, html, StandardCharsets.UTF_8));
    }

    private void writeJson(String name, Object value) throws IOException {
        byte[] json = JSON.writeValueAsBytes(value);
        AtomicFiles.replace(dir.resolve(name), temp -> Files.write(temp, json));
    }

    /** Each phase's epochs: {@code {"head": [{"epoch": 1, "loss": ..., ...}, ...], "finetune": [...]}}. */
    private Map<String, Object> history() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (PhaseResult phase : phases) {
            List<Map<String, Object>> epochs = new ArrayList<>();
            Map<String, List<Double>> logs = phase.history().history();
            for (int e = 0; e < phase.epochsRun(); e++) {
                Map<String, Object> epoch = new LinkedHashMap<>();
                epoch.put("epoch", e + 1);
                for (Map.Entry<String, List<Double>> log : logs.entrySet()) {
                    epoch.put(log.getKey(), number(log.getValue().get(e)));
                }
                epochs.add(epoch);
            }
            all.put(phase.name(), epochs);
        }
        return all;
    }

    private Map<String, Object> summary(ValidationResults results) {
        Map<String, Object> summary = new LinkedHashMap<>(settings);
        summary.putAll(sections);
        Map<String, Object> validation = new LinkedHashMap<>();
        validation.put("images", results.images().size());
        validation.put("accuracy", number(results.accuracy()));
        validation.put("loss", number(results.meanLoss()));
        validation.put("confusion_matrix", results.confusionMatrix().counts());
        summary.put("saved_model_validation", validation);
        summary.put("notes", notes);
        return summary;
    }

    private void writeWorst(List<ScoredImage> worst, List<String> classNames) {
        int columns = Math.min(3, worst.size());
        int rows = (worst.size() + columns - 1) / columns;
        ImageDecoder decoder = new ImageDecoder();
        try (TensorScope scope = TensorScope.open()) {
            List<Tensor> images = new ArrayList<>();
            List<String> titles = new ArrayList<>();
            for (ScoredImage image : worst) {
                images.add(decoder.decode(image.file()));
                titles.add("true: " + classNames.get(image.label()) + " / pred: " + classNames.get(image.predicted()));
            }
            new ImageGrid(rows, columns).write(dir.resolve(WORST), images, titles);
        }
    }

    /** JSON has no NaN or infinity: those are written as null. */
    static Double number(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
