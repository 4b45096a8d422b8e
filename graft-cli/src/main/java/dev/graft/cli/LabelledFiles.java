package dev.graft.cli;

import dev.graft.data.Dataset;
import dev.graft.data.Example;
import dev.graft.data.LabelledDataset;
import dev.graft.data.image.ImageDecoder;
import dev.graft.data.image.ImageResizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Image files with their class labels, in a fixed order: what a report needs to tie each prediction to its
 * file.
 *
 * @param classNames the classes, label {@code i} naming {@code classNames.get(i)}
 * @param files      the images
 * @param labels     the class index of each image
 */
record LabelledFiles(List<String> classNames, List<Path> files, int[] labels) {

    /**
     * The files of {@code dataset} (found under {@code root}, one sub-folder per class, as
     * {@code imageDatasetFromDirectory} lists them), labelled by their class folder.
     */
    static LabelledFiles of(LabelledDataset<?> dataset, Path root) {
        List<String> classes = dataset.classNames();
        List<Path> files = new ArrayList<>();
        int[] labels = new int[dataset.filePaths().size()];
        for (String name : dataset.filePaths()) {
            Path file = Path.of(name);
            String classFolder = root.relativize(file).getName(0).toString();
            labels[files.size()] = classes.indexOf(classFolder);
            files.add(file);
        }
        return new LabelledFiles(classes, files, labels);
    }

    int size() {
        return files.size();
    }

    /**
     * The images resized to {@code height x width} (bilinear, as {@code imageDatasetFromDirectory}), pixel
     * values 0..255, with labels encoded for {@code classification}, in this order.
     */
    Dataset<Example> examples(Classification classification, long height, long width) {
        ImageDecoder decoder = new ImageDecoder();
        ImageResizer resizer = new ImageResizer(height, width);
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            indices.add(i);
        }
        return Dataset.fromList(indices).map(i -> new Example(resizer.apply(decoder.decode(files.get(i))),
                classification.label(labels[i])), Dataset.AUTOTUNE);
    }
}
