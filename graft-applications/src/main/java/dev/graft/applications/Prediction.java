package dev.graft.applications;

/**
 * One of an image's top classes, as Keras' {@code decode_predictions} gives it.
 *
 * @param classIndex the ImageNet class id, 0 to 999
 * @param wnid the WordNet id, e.g. {@code n02504458}, or null when the class index in use has none
 * @param name the class name, e.g. {@code African_elephant}
 * @param score the model's output for this class
 */
public record Prediction(int classIndex, String wnid, String name, float score) {
}
