package dev.graft.data.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.training.History;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TrainingCurves}: which panels and series are drawn, and the PNG they make. */
class TrainingCurvesTest {
    // JFreeChart's first two series colours (its default drawing supplier): training red, validation blue.
    private static final int TRAINING_RED = 0xFF5555;
    private static final int VALIDATION_BLUE = 0x5555FF;

    /** A history of {@code epochs} epochs; each name maps to its value at epoch e as start + step * e. */
    private static History history(int epochs, Object... nameStartStep) {
        History history = new History();
        for (int e = 0; e < epochs; e++) {
            Map<String, Double> logs = new LinkedHashMap<>();
            for (int i = 0; i < nameStartStep.length; i += 3) {
                logs.put((String) nameStartStep[i], (double) nameStartStep[i + 1] + (double) nameStartStep[i + 2] * e);
            }
            history.onEpochEnd(e, logs);
        }
        return history;
    }

    private static History headTraining() {
        return history(6, "loss", 0.6, -0.08, "binary_accuracy", 0.80, 0.03, "val_loss", 0.5, -0.06,
                "val_binary_accuracy", 0.85, 0.02);
    }

    private static History fineTuning() {
        return history(4, "loss", 0.10, -0.01, "binary_accuracy", 0.96, 0.005, "val_loss", 0.2, -0.02,
                "val_binary_accuracy", 0.96, 0.004, "learning_rate", 1e-5, 0.0);
    }

    @Test
    void onePanelPerQuantityLossFirstWithItsValidationSeries() {
        Map<String, List<Double>> logs = new LinkedHashMap<>();
        logs.put("binary_accuracy", List.of(0.8));
        logs.put("loss", List.of(0.5));
        logs.put("val_binary_accuracy", List.of(0.7));
        logs.put("val_auc", List.of(0.9));
        logs.put("learning_rate", List.of(1e-3));
        List<TrainingCurves.Panel> panels = TrainingCurves.panels(logs);
        assertEquals(List.of("loss", "binary_accuracy", "auc"), panels.stream().map(TrainingCurves.Panel::name).toList());
        assertEquals(List.of(0.5), panels.get(0).training());
        assertNull(panels.get(0).validation());
        assertEquals(List.of(0.7), panels.get(1).validation());
        assertNull(panels.get(2).training(), "a validation-only quantity has its own panel");
    }

    @Test
    void concatenatesHistoriesPaddingMissingNamesWithNaN() {
        Map<String, List<Double>> logs = TrainingCurves.concatenate(history(2, "loss", 1.0, -0.5),
                history(1, "loss", 0.2, 0.0, "learning_rate", 1e-5, 0.0));
        assertEquals(List.of(1.0, 0.5, 0.2), logs.get("loss"));
        assertEquals(3, logs.get("learning_rate").size());
        assertTrue(logs.get("learning_rate").get(0).isNaN() && logs.get("learning_rate").get(1).isNaN());
        assertEquals(1e-5, logs.get("learning_rate").get(2));
    }

    @Test
    void labelsReadLikeTheGuides() {
        assertEquals("Loss", TrainingCurves.label("loss"));
        assertEquals("Binary Accuracy", TrainingCurves.label("binary_accuracy"));
    }

    @Test
    void writesLossAndAccuracyPanelsSideBySide(@TempDir Path dir) {
        Path png = dir.resolve("curves.png");
        TrainingCurves.builder().optPanelSize(400, 300).optFineTuningStart(6).build()
                .write(png, headTraining(), fineTuning());
        BufferedImage picture = Pictures.readPng(png, 2 * 400, 300);
        for (int panel = 0; panel < 2; panel++) {
            int x = panel * 400;
            assertTrue(Pictures.variance(picture, x, 0, 400, 300) > 100, "panel " + panel + " is not blank");
            int red = Pictures.countColour(picture, x, 0, 400, 300, TRAINING_RED, 10);
            int blue = Pictures.countColour(picture, x, 0, 400, 300, VALIDATION_BLUE, 10);
            assertTrue(red > 30 && blue > 30, "panel " + panel + " draws both series: " + red + " red, " + blue
                    + " blue pixels");
        }
        assertEquals(List.of("curves.png"), Pictures.filesIn(dir), "no temporary file is left behind");
    }

    @Test
    void marksTheStartOfFineTuning() {
        BufferedImage plain = TrainingCurves.builder().optPanelSize(400, 300).build().render(headTraining(),
                fineTuning());
        BufferedImage marked = TrainingCurves.builder().optPanelSize(400, 300).optFineTuningStart(6).build()
                .render(headTraining(), fineTuning());
        int differing = 0;
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 400; x++) {
                differing += plain.getRGB(x, y) != marked.getRGB(x, y) ? 1 : 0;
            }
        }
        assertTrue(differing > 100, "the line and its label change " + differing + " pixels");
        assertEquals(new TrainingCurves().render(headTraining()).getWidth(), 2 * 640, "default panels 640 wide");
    }

    @Test
    void rejectsNothingToDrawAndBadOptions() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> new TrainingCurves().render(new History()));
        assertTrue(empty.getMessage().startsWith("Nothing to draw"), empty.getMessage());
        IllegalArgumentException beyond = assertThrows(IllegalArgumentException.class,
                () -> TrainingCurves.builder().optFineTuningStart(7).build().render(headTraining()));
        assertTrue(beyond.getMessage().contains("beyond the 6 epochs"), beyond.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingCurves.builder().optFineTuningStart(-1).build());
        assertThrows(IllegalArgumentException.class, () -> TrainingCurves.builder().optPanelSize(50, 300).build());
    }
}
