package dev.graft.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** The trained model's outputs on every validation image, scored: accuracy, loss, confusion matrix, worst images. */
final class ValidationResults {
    private final List<String> classNames;
    private final List<ScoredImage> images;

    private ValidationResults(List<String> classNames, List<ScoredImage> images) {
        this.classNames = classNames;
        this.images = images;
    }

    /**
     * Scores {@code outputs}, the model's outputs for {@code files} in order ({@code classification.units()}
     * values per image, row after row).
     */
    static ValidationResults score(LabelledFiles files, float[] outputs, Classification classification) {
        int units = classification.units();
        if (outputs.length != files.size() * units) {
            throw new IllegalStateException("Expected " + units + " outputs for each of " + files.size()
                    + " validation images, received " + outputs.length + " values");
        }
        List<ScoredImage> scored = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            float[] row = Arrays.copyOfRange(outputs, i * units, (i + 1) * units);
            int predicted = classification.predictedClass(row);
            scored.add(new ScoredImage(files.files().get(i), files.labels()[i], predicted,
                    classification.probabilities(row)[predicted], classification.sampleLoss(row, files.labels()[i])));
        }
        return new ValidationResults(files.classNames(), List.copyOf(scored));
    }

    List<ScoredImage> images() {
        return images;
    }

    /** The fraction of images whose predicted class is their label. */
    double accuracy() {
        return images.stream().filter(ScoredImage::correct).count() / (double) images.size();
    }

    /** The mean loss over the images, as {@code evaluate} reports it. */
    double meanLoss() {
        return images.stream().mapToDouble(ScoredImage::loss).average().orElse(Double.NaN);
    }

    /** Counts of (true class, predicted class). */
    ConfusionMatrix confusionMatrix() {
        int n = classNames.size();
        long[][] counts = new long[n][n];
        for (ScoredImage image : images) {
            counts[image.label()][image.predicted()]++;
        }
        return new ConfusionMatrix(classNames, counts);
    }

    /** The {@code count} images with the highest loss, highest first. */
    List<ScoredImage> worst(int count) {
        return images.stream().sorted(Comparator.comparingDouble(ScoredImage::loss).reversed()).limit(count).toList();
    }
}
