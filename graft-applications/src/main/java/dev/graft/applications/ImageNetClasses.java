package dev.graft.applications;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The ImageNet class index behind Keras' {@code decode_predictions}: a name (and WordNet id) per class id.
 * {@link #standard()} fetches and caches Keras' official index as Keras does; {@link #load(Path)} reads a local
 * file in either of two formats:
 * <ul>
 *   <li>Keras' {@code imagenet_class_index.json}: {@code {"0": ["n01440764", "tench"], ...}};</li>
 *   <li>a list of names, index = class id: {@code ["tench, Tinca tinca", ...]} (no WordNet ids).</li>
 * </ul>
 */
public final class ImageNetClasses {
    /** Keras' class index file, with the MD5 Keras checks. */
    public static final RemoteFile CLASS_INDEX = new RemoteFile("imagenet_class_index.json",
            "https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json",
            "c2c37ea517e94d9795004a39431a14cb");

    /** Reads whole files only: text after the value is an error. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static ImageNetClasses standard;

    private final Path source;
    private final List<String> wnids;
    private final List<String> names;

    private ImageNetClasses(Path source, List<String> wnids, List<String> names) {
        this.source = source;
        this.wnids = wnids;
        this.names = names;
    }

    /**
     * Keras' official class index from {@link WeightsCache#defaults()}, fetched on first use and then kept for
     * the program's life, as Keras keeps its {@code CLASS_INDEX}.
     */
    public static synchronized ImageNetClasses standard() {
        if (standard == null) {
            standard = standard(WeightsCache.defaults());
        }
        return standard;
    }

    /** Keras' official class index, found or fetched through {@code cache} (read each call). */
    public static ImageNetClasses standard(WeightsCache cache) {
        return load(cache.get(CLASS_INDEX));
    }

    /** {@code standard().decode(preds, top)}: Keras' {@code decode_predictions}. */
    public static List<List<Prediction>> decodePredictions(Tensor preds, int top) {
        return standard().decode(preds, top);
    }

    /** Reads a class index file in Keras' format or as a list of names (see the class comment). */
    public static ImageNetClasses load(Path path) {
        JsonNode root;
        try {
            root = JSON.readTree(path.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The ImageNet class index " + path + " is not valid JSON: "
                    + e.getOriginalMessage() + (e.getLocation() == null ? "" : " (" + e.getLocation().offsetDescription()
                    + ")"), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the ImageNet class index " + path, e);
        }
        List<String> wnids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (root.isObject()) {
            for (int i = 0; i < root.size(); i++) {
                JsonNode entry = root.get(Integer.toString(i));
                if (entry == null || !entry.isArray() || entry.size() != 2 || !entry.get(0).isTextual()
                        || !entry.get(1).isTextual()) {
                    throw badFormat(path, "entry \"" + i + "\" should be [wnid, name], found " + entry);
                }
                wnids.add(entry.get(0).textValue());
                names.add(entry.get(1).textValue());
            }
        } else if (root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                if (!root.get(i).isTextual()) {
                    throw badFormat(path, "entry " + i + " should be a name, found " + root.get(i));
                }
                wnids.add(null);
                names.add(root.get(i).textValue());
            }
        } else {
            throw badFormat(path, "the top level is neither an object nor a list");
        }
        if (names.isEmpty()) {
            throw badFormat(path, "it lists no classes");
        }
        return new ImageNetClasses(path, wnids, names);
    }

    private static IllegalArgumentException badFormat(Path path, String problem) {
        return new IllegalArgumentException("The ImageNet class index " + path + " has an unknown format: " + problem
                + ". Expected Keras' {\"0\": [\"n01440764\", \"tench\"], ...} or a list of names [\"tench\", ...]");
    }

    /** The number of classes (1000 for ImageNet). */
    public int size() {
        return names.size();
    }

    /** The name of class {@code classIndex}. */
    public String name(int classIndex) {
        return names.get(classIndex);
    }

    /** The WordNet id of class {@code classIndex}, or null if this index has none. */
    public String wnid(int classIndex) {
        return wnids.get(classIndex);
    }

    /**
     * Keras' {@code decode_predictions}: for each row of {@code preds} {@code [batch, classes]}, its
     * {@code top} highest-scoring classes, best first (equal scores: the higher class id first).
     */
    public List<List<Prediction>> decode(Tensor preds, int top) {
        if (preds.rank() != 2 || preds.shape().get(1) != size()) {
            throw new IllegalArgumentException("decode_predictions expects a batch of predictions (a 2D tensor "
                    + "[samples, " + size() + "]), received shape " + preds.shape());
        }
        if (top < 1) {
            throw new IllegalArgumentException("decode_predictions needs top >= 1, received " + top);
        }
        int classes = size();
        int rows = Math.toIntExact(preds.shape().get(0));
        float[] scores = preds.toFloatArray();
        List<List<Prediction>> results = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            int offset = r * classes;
            Comparator<Integer> byScore = Comparator.comparingDouble(i -> scores[offset + i]);
            results.add(IntStream.range(0, classes).boxed()
                    .sorted(byScore.thenComparingInt(i -> i).reversed())
                    .limit(top)
                    .map(i -> new Prediction(i, wnids.get(i), names.get(i), scores[offset + i]))
                    .collect(Collectors.toList()));
        }
        return results;
    }

    @Override
    public String toString() {
        return "ImageNetClasses[" + size() + " classes from " + source + "]";
    }
}
