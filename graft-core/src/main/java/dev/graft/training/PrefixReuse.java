package dev.graft.training;

import dev.graft.models.FrozenPrefix;
import dev.graft.models.Model;
import dev.graft.tensor.NoGrad;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.Variable;
import dev.graft.training.SampleHasher.SampleKey;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reuse of the frozen prefix's outputs during one {@code fit} (see {@link FitOptions#reuseFrozenPrefix()}):
 * each batch's samples are looked up by content; when all are stored, the rest of the model runs from the
 * stored frontier values, otherwise the prefix runs on the whole batch, exactly as without reuse, and the
 * new samples are stored. The store is emptied when a prefix weight is assigned, and the prefix found again
 * when one of its layers is no longer frozen. An epoch in which no training batch could be served (inputs
 * that never repeat, as with augmentation outside the model, or a budget far below the data) turns reuse off
 * for the rest of the run.
 */
final class PrefixReuse implements AutoCloseable {
    private final Model model;
    private final List<Variable> trained;
    private final FrontierStore store;
    private final SampleHasher hasher = new SampleHasher();
    private FrozenPrefix prefix;
    private List<Variable> watched;
    private long[] versions;
    private long servedThisEpoch;
    private boolean clearedThisEpoch = true;

    private PrefixReuse(Model model, List<Variable> trained, FrozenPrefix prefix, long budgetBytes) {
        this.model = model;
        this.trained = trained;
        this.store = new FrontierStore(budgetBytes);
        watch(prefix);
    }

    /** Reuse for a run of {@code fit} that trains {@code trained}, or null when it is off or there is no prefix. */
    static PrefixReuse start(Model model, List<Variable> trained, FitOptions options) {
        if (!options.reuseFrozenPrefix()) {
            return null;
        }
        return find(model, trained).map(p -> new PrefixReuse(model, trained, p, options.frozenPrefixMemory()))
                .orElse(null);
    }

    /** The model's frozen prefix, unless one of its weights is trained (shared with a trainable layer). */
    private static Optional<FrozenPrefix> find(Model model, List<Variable> trained) {
        Set<Variable> trainedSet = Collections.newSetFromMap(new IdentityHashMap<>());
        trainedSet.addAll(trained);
        return FrozenPrefix.of(model).filter(p -> p.variables().stream().noneMatch(trainedSet::contains));
    }

    /** Whether reuse is still on. */
    boolean isActive() {
        return prefix != null;
    }

    /**
     * The frontier values for this batch (in the current scope): stored ones when every sample is stored,
     * else computed on the whole batch, without recording gradients, and stored. Null when reuse is off.
     */
    List<Tensor> frontier(List<Tensor> inputs, boolean training) {
        if (prefix == null || !stillValid()) {
            return null;
        }
        SampleKey[] keys = hasher.keys(inputs);
        List<Tensor> stored = store.gather(keys);
        if (stored != null) {
            servedThisEpoch += training ? 1 : 0;
            return stored;
        }
        List<Tensor> computed;
        try (NoGrad noGrad = NoGrad.open()) {
            computed = prefix.computeFrontier(inputs, training);
        }
        store.put(keys, computed);
        return computed;
    }

    /** The model's output from the frontier values given by {@link #frontier}. */
    Tensor output(List<Tensor> inputs, List<Tensor> frontier, boolean training) {
        return prefix.runRest(inputs, frontier, training).get(0);
    }

    /** Ends an epoch: turns reuse off if it served no training batch though it kept what it had stored. */
    void endEpoch() {
        if (prefix != null && !clearedThisEpoch && servedThisEpoch == 0) {
            stop();
        }
        servedThisEpoch = 0;
        clearedThisEpoch = false;
    }

    /** Empties the store when a prefix weight changed, and finds the prefix again if it is no longer frozen. */
    private boolean stillValid() {
        if (!prefix.isStillFrozen()) {
            store.clear();
            clearedThisEpoch = true;
            Optional<FrozenPrefix> found = find(model, trained);
            if (found.isEmpty()) {
                stop();
                return false;
            }
            watch(found.get());
            return true;
        }
        for (int i = 0; i < watched.size(); i++) {
            if (watched.get(i).version() != versions[i]) {
                store.clear();
                clearedThisEpoch = true;
                watch(prefix);
                return true;
            }
        }
        return true;
    }

    private void watch(FrozenPrefix newPrefix) {
        prefix = newPrefix;
        watched = newPrefix.variables();
        versions = watched.stream().mapToLong(Variable::version).toArray();
    }

    private void stop() {
        store.clear();
        prefix = null;
    }

    /** Frees the stored values. */
    @Override
    public void close() {
        store.close();
    }
}
