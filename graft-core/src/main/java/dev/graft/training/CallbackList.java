package dev.graft.training;

import dev.graft.callbacks.Callback;
import dev.graft.models.Model;
import java.util.List;
import java.util.Map;

/** Forwards every hook to each callback in order, like Keras' {@code CallbackList}. */
final class CallbackList implements Callback {
    private final List<Callback> callbacks;

    CallbackList(List<Callback> callbacks) {
        this.callbacks = List.copyOf(callbacks);
    }

    @Override
    public void setModel(Model model) {
        for (Callback c : callbacks) {
            c.setModel(model);
        }
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onTrainBegin(logs);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onTrainEnd(logs);
        }
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onEpochBegin(epoch, logs);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onEpochEnd(epoch, logs);
        }
    }

    @Override
    public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onTrainBatchBegin(batch, logs);
        }
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onTrainBatchEnd(batch, logs);
        }
    }

    @Override
    public void onTestBegin(Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onTestBegin(logs);
        }
    }

    @Override
    public void onTestEnd(Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onTestEnd(logs);
        }
    }

    @Override
    public void onTestBatchBegin(int batch, Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onTestBatchBegin(batch, logs);
        }
    }

    @Override
    public void onTestBatchEnd(int batch, Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onTestBatchEnd(batch, logs);
        }
    }

    @Override
    public void onPredictBegin(Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onPredictBegin(logs);
        }
    }

    @Override
    public void onPredictEnd(Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onPredictEnd(logs);
        }
    }

    @Override
    public void onPredictBatchBegin(int batch, Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onPredictBatchBegin(batch, logs);
        }
    }

    @Override
    public void onPredictBatchEnd(int batch, Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onPredictBatchEnd(batch, logs);
        }
    }
}
