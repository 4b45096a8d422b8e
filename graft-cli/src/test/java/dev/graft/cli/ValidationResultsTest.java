package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationResultsTest {
    private static final LabelledFiles FILES = new LabelledFiles(List.of("cats", "dogs"),
            List.of(Path.of("a.jpg"), Path.of("b.jpg"), Path.of("c.jpg"), Path.of("d.jpg")), new int[] {0, 0, 1, 1});

    /** Binary cross-entropy of logit z against label y: max(z, 0) - z y + log(1 + exp(-|z|)). */
    private static double bce(double z, int y) {
        return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
    }

    @Test
    void scoresEveryImageAgainstItsLabel() {
        float[] logits = {-2f, 0.5f, 3f, -0.25f};          // right, wrong, right, wrong
        ValidationResults results = ValidationResults.score(FILES, logits, Classification.forClasses(2));
        assertEquals(0.5, results.accuracy());
        assertEquals((bce(-2, 0) + bce(0.5, 0) + bce(3, 1) + bce(-0.25, 1)) / 4, results.meanLoss(), 1e-9);
        ConfusionMatrix confusion = results.confusionMatrix();
        assertArrayEquals(new long[] {1, 1}, confusion.counts()[0]);
        assertArrayEquals(new long[] {1, 1}, confusion.counts()[1]);
        assertEquals(4, confusion.total());
        List<ScoredImage> worst = results.worst(3);
        assertEquals(List.of(Path.of("b.jpg"), Path.of("d.jpg"), Path.of("a.jpg")),
                worst.stream().map(ScoredImage::file).toList(), "highest loss first");
        ScoredImage b = worst.get(0);
        assertEquals(1, b.predicted());
        assertEquals(1 / (1 + Math.exp(-0.5)), b.probability(), 1e-7);
        assertEquals(bce(0.5, 0), b.loss(), 1e-7);
    }

    @Test
    void theConfusionMatrixPictureHasACellPerPair() {
        ConfusionMatrix confusion = new ConfusionMatrix(List.of("cats", "dogs", "a much longer class name"),
                new long[][] {{5, 1, 0}, {2, 7, 1}, {0, 0, 9}});
        BufferedImage image = confusion.render();
        assertEquals(25, confusion.total());
        // Three 90-pixel cells side by side, and room for the names.
        assertEquals(true, image.getWidth() > 270 && image.getHeight() > 270, image.getWidth() + "x" + image.getHeight());
    }

    @Test
    void outputsMustCoverEveryImage() {
        assertThrows(IllegalStateException.class,
                () -> ValidationResults.score(FILES, new float[3], Classification.forClasses(2)));
    }
}
