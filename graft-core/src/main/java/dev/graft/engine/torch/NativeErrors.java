package dev.graft.engine.torch;

import dev.graft.tensor.TensorOperationException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * Turns libtorch's errors into {@link TensorOperationException}s. JavaCPP rethrows a C++ exception (a
 * {@code c10::Error}) as a plain {@link RuntimeException} holding the engine's message and a C++ backtrace;
 * the translation keeps the first line and adds the Graft operation and its inputs. All work happens after
 * the failure: the successful path pays nothing.
 */
final class NativeErrors {
    /** The classes whose methods are Graft's operations (their lambdas and nested classes included). */
    private static final List<String> FACADES = List.of(TorchTensor.class.getName(), TorchEngine.class.getName());
    private static final StackWalker WALKER = StackWalker.getInstance();

    private NativeErrors() {
    }

    /**
     * {@code failure} translated when it came from the engine (JavaCPP throws exactly {@link RuntimeException});
     * Graft's own exceptions, thrown by checks inside the operation, pass unchanged.
     *
     * @param inputs the operation's inputs: tensors, shapes, dimension arrays or lists of tensors (nulls are
     *               skipped)
     */
    static RuntimeException translate(RuntimeException failure, Object... inputs) {
        if (failure.getClass() != RuntimeException.class) {
            return failure;
        }
        return new TensorOperationException(operation(), describe(inputs), firstLine(failure.getMessage()), failure);
    }

    /**
     * The Graft operation being run: the outermost method of the engine's tensor or engine class on the stack,
     * the one that user code called (e.g. {@code TorchTensor.matmul}), whatever helpers it went through.
     */
    private static String operation() {
        Optional<String> name = WALKER.walk(frames -> frames
                .filter(f -> FACADES.stream().anyMatch(f.getClassName()::startsWith))
                .map(StackWalker.StackFrame::getMethodName)
                .reduce((inner, outer) -> outer));
        // A lambda's method is named lambda$<enclosing method>$<n>.
        return name.map(n -> n.startsWith("lambda$") ? n.split("\\$")[1] : n).orElse("a tensor operation");
    }

    private static String describe(Object[] inputs) {
        StringJoiner all = new StringJoiner(" and ");
        for (Object input : inputs) {
            if (input instanceof List<?> list) {
                list.forEach(t -> all.add(describeOne(t)));
            } else if (input != null) {
                all.add(describeOne(input));
            }
        }
        return all.toString();
    }

    private static String describeOne(Object input) {
        if (input instanceof dev.graft.tensor.Tensor t) {
            return t.shape() + " " + t.dtype();
        }
        if (input instanceof long[] dims) {
            // Written as a Shape prints, without Shape's validation: these dimensions were just refused.
            return Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
        }
        return String.valueOf(input); // a Shape
    }

    /** The engine's message without the C++ backtrace that follows its first line. */
    static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "the engine gave no message";
        }
        String trimmed = message.strip();
        int end = trimmed.indexOf('\n');
        return end < 0 ? trimmed : trimmed.substring(0, end).strip();
    }
}
