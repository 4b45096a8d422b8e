package dev.graft.data;

import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.training.Batch;
import java.lang.reflect.Constructor;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The tensors inside a dataset element, and the ownership rules the pipeline's stages follow.
 *
 * <p>An element is a {@link Tensor}, a record (such as {@link Example}, {@link Batch} or {@link Pair}, or one of
 * the user's), a {@link List} or {@link Map} (values) or an array of elements, or a value that holds no tensors.
 * Between stages an element is <em>owned</em>: none of its tensors is tracked by a {@link TensorScope}, and the
 * stage that receives it either passes it on or closes it.
 */
final class Elements {
    private static final ClassValue<RecordAccess> RECORDS = new ClassValue<>() {
        @Override
        protected RecordAccess computeValue(Class<?> type) {
            return new RecordAccess(type);
        }
    };

    private Elements() {
    }

    /** Every distinct tensor in {@code element}, in the order met. */
    static List<Tensor> tensors(Object element) {
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Tensor> out = new ArrayList<>();
        collect(element, seen, out);
        return out;
    }

    private static void collect(Object element, Set<Tensor> seen, List<Tensor> out) {
        if (element instanceof Tensor t) {
            if (seen.add(t)) {
                out.add(t);
            }
        } else if (element instanceof Example e) {
            collect(e.x(), seen, out);
            collect(e.y(), seen, out);
        } else if (element instanceof Batch b) {
            b.inputs().forEach(t -> collect(t, seen, out));
            collect(b.targets(), seen, out);
        } else if (element instanceof Record r) {
            // Any other record, the user's own included, through its components.
            for (Object component : RECORDS.get(r.getClass()).components(r)) {
                collect(component, seen, out);
            }
        } else if (element instanceof List<?> list) {
            list.forEach(e -> collect(e, seen, out));
        } else if (element instanceof Map<?, ?> map) {
            map.values().forEach(e -> collect(e, seen, out));
        } else if (element instanceof Object[] array) {
            for (Object e : array) {
                collect(e, seen, out);
            }
        }
    }

    /** Frees every tensor of an element the caller owns. */
    static void close(Object element) {
        tensors(element).forEach(Tensor::close);
    }

    /** Hands an owned element to the calling thread's innermost scope, if one is open. */
    static void trackInCallerScope(Object element) {
        if (TensorScope.isActive()) {
            tensors(element).forEach(TensorScope::track);
        }
    }

    /**
     * Runs {@code producer} in a scope of its own and returns its result owned: the tensors of the result
     * leave every scope, and every other tensor it created is freed.
     */
    static <T> T produce(Supplier<T> producer) {
        try (TensorScope scope = TensorScope.open()) {
            T result = producer.get();
            tensors(result).forEach(TensorScope::detach);
            return result;
        }
    }

    /**
     * Applies {@code fn} to an owned {@code input}, which it consumes: inside a scope of its own that also
     * frees the input's tensors unless the result holds them. The result is owned.
     */
    static <I, O> O apply(I input, Function<? super I, ? extends O> fn) {
        try (TensorScope scope = TensorScope.open()) {
            tensors(input).forEach(TensorScope::track);
            O result = fn.apply(input);
            tensors(result).forEach(TensorScope::detach);
            return result;
        }
    }

    /**
     * The same element with a fresh handle on every tensor, sharing its storage ({@link Tensor#detach()}
     * copies no data): whoever receives it can free it without touching the stored original. The handles are
     * created inside the caller's scope, if any.
     */
    @SuppressWarnings("unchecked")
    static <T> T alias(T element) {
        return (T) rebuild(element, Tensor::detach);
    }

    private static Object rebuild(Object element, UnaryOperator<Tensor> onTensor) {
        if (element instanceof Tensor t) {
            return onTensor.apply(t);
        }
        if (element instanceof Example e) {
            return new Example(onTensor.apply(e.x()), e.y() == null ? null : onTensor.apply(e.y()));
        }
        if (element instanceof Batch b) {
            return new Batch(b.inputs().stream().map(onTensor).toList(),
                    b.targets() == null ? null : onTensor.apply(b.targets()));
        }
        if (element instanceof Record r) {
            return tensors(r).isEmpty() ? r : RECORDS.get(r.getClass()).rebuild(r, c -> rebuild(c, onTensor));
        }
        if (element instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(e -> copy.add(rebuild(e, onTensor)));
            return Collections.unmodifiableList(copy);
        }
        if (element instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, rebuild(v, onTensor)));
            return Collections.unmodifiableMap(copy);
        }
        if (element instanceof Object[] array) {
            Object[] copy = array.clone();
            for (int i = 0; i < copy.length; i++) {
                copy[i] = rebuild(array[i], onTensor);
            }
            return copy;
        }
        return element;
    }

    /** Reads a record's components and builds a new one through its canonical constructor. */
    private static final class RecordAccess {
        private final Class<?> type;
        private final Method[] accessors;
        private final Constructor<?> constructor;

        RecordAccess(Class<?> type) {
            this.type = type;
            RecordComponent[] components = type.getRecordComponents();
            accessors = new Method[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
                types[i] = components[i].getType();
            }
            try {
                constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                for (Method accessor : accessors) {
                    accessor.setAccessible(true);
                }
            } catch (NoSuchMethodException | InaccessibleObjectException | SecurityException e) {
                throw new IllegalStateException("Dataset elements of record type " + type.getName()
                        + " cannot be read by the pipeline (" + e.getMessage() + "); make the record public, "
                        + "or open its package to dev.graft.data", e);
            }
        }

        Object[] components(Record r) {
            Object[] values = new Object[accessors.length];
            for (int i = 0; i < accessors.length; i++) {
                Method accessor = accessors[i];
                values[i] = invoke(() -> accessor.invoke(r), i);
            }
            return values;
        }

        Object rebuild(Record r, UnaryOperator<Object> onComponent) {
            Object[] values = components(r);
            for (int i = 0; i < values.length; i++) {
                values[i] = onComponent.apply(values[i]);
            }
            return invoke(() -> constructor.newInstance(values), -1);
        }

        private interface Reflective {
            Object call() throws ReflectiveOperationException;
        }

        private Object invoke(Reflective call, int component) {
            try {
                return call.call();
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException("Record " + type.getName() + " failed: " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot " + (component < 0 ? "build record " : "read component "
                        + component + " of record ") + type.getName() + ": " + e.getMessage(), e);
            }
        }
    }
}
