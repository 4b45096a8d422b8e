package dev.graft.training;

import dev.graft.callbacks.CallbackState;
import dev.graft.callbacks.StatefulCallback;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of a {@code fit} run, like Keras' {@code History}: for each log name ({@code loss},
 * {@code binary_accuracy}, {@code val_loss}, ...) its value at the end of every epoch.
 */
public final class History implements StatefulCallback {
    private final List<Integer> epochs = new ArrayList<>();
    private final Map<String, List<Double>> history = new LinkedHashMap<>();

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        epochs.add(epoch);
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            // A name that appears late (e.g. learning_rate) is padded so every list lines up with epochs().
            List<Double> values = history.computeIfAbsent(e.getKey(), k -> new ArrayList<>(
                    Collections.nCopies(epochs.size() - 1, Double.NaN)));
            values.add(e.getValue());
        }
        for (List<Double> values : history.values()) {
            if (values.size() < epochs.size()) {
                values.add(Double.NaN);
            }
        }
    }

    /** The epochs recorded, counting from 0. */
    public List<Integer> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** Every log name with its per-epoch values, in the order the names first appeared. */
    public Map<String, List<Double>> history() {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        history.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(copy);
    }

    /** The per-epoch values of {@code name}; an error naming the recorded names when there is none. */
    public List<Double> get(String name) {
        List<Double> values = history.get(name);
        if (values == null) {
            throw new IllegalArgumentException("No '" + name + "' in this history; it has " + history.keySet());
        }
        return List.copyOf(values);
    }

    /** The value of {@code name} at the last epoch. */
    public double last(String name) {
        List<Double> values = get(name);
        return values.get(values.size() - 1);
    }

    /** The epochs recorded, the log names in order, and each name's values. */
    @Override
    public void saveState(CallbackState state) {
        state.putLongs("epochs", epochs).putStrings("names", List.copyOf(history.keySet()));
        int i = 0;
        for (List<Double> values : history.values()) {
            state.putDoubles("values_" + i++, values);
        }
    }

    @Override
    public void restoreState(CallbackState state) {
        List<Integer> savedEpochs = new ArrayList<>();
        for (long e : state.getLongs("epochs")) {
            savedEpochs.add(Math.toIntExact(e));
        }
        Map<String, List<Double>> saved = new LinkedHashMap<>();
        List<String> names = state.getStrings("names");
        for (int i = 0; i < names.size(); i++) {
            List<Double> values = state.getDoubles("values_" + i);
            if (values.size() != savedEpochs.size()) {
                throw new IllegalArgumentException("The saved History has " + values.size() + " values of '"
                        + names.get(i) + "' for " + savedEpochs.size() + " epochs");
            }
            saved.put(names.get(i), new ArrayList<>(values));
        }
        epochs.clear();
        epochs.addAll(savedEpochs);
        history.clear();
        history.putAll(saved);
    }

    @Override
    public String toString() {
        return "History" + history;
    }
}
