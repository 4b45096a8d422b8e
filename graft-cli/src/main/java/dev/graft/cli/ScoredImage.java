package dev.graft.cli;

import java.nio.file.Path;

/**
 * One validation image as the trained model sees it.
 *
 * @param file        the image file
 * @param label       its true class
 * @param predicted   the predicted class
 * @param probability the probability the model gives the predicted class
 * @param loss        the image's loss (cross-entropy against its label)
 */
record ScoredImage(Path file, int label, int predicted, double probability, double loss) {

    boolean correct() {
        return label == predicted;
    }
}
