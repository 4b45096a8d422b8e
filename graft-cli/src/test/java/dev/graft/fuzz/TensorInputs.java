package dev.graft.fuzz;

import dev.graft.callbacks.TerminateOnNaN;
import dev.graft.layers.Conv2D;
import dev.graft.layers.Dense;
import dev.graft.layers.Input;
import dev.graft.layers.SymbolicTensor;
import dev.graft.losses.MeanSquaredError;
import dev.graft.models.Model;
import dev.graft.optimizers.SGD;
import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import dev.graft.tensor.Tensor;
import dev.graft.training.FitOptions;
import dev.graft.training.History;
import dev.graft.training.InferenceOptions;
import dev.graft.training.ProgressOutput;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Random;

/**
 * Bad tensors for models and tensor operations: wrong last dimensions and ranks, wrong dtypes, inputs and
 * targets of different lengths, NaN and infinite values (TerminateOnNaN must stop at the first batch), empty
 * data, a batch size larger than the data, images smaller than a convolution's kernel, and operations on
 * shapes that do not fit together.
 */
final class TensorInputs implements FuzzInputs {
    private static final String FAMILY = "tensors and models";
    private static final String MODEL = "fuzz_model";
    private static final String CONV = "fuzz_conv";
    private static final int FEATURES = 4;
    private static final InferenceOptions QUIET = InferenceOptions.builder().optVerbose(0).build();

    @Override
    public String family() {
        return FAMILY;
    }

    /** Input(4) -> Dense(3) -> Dense(2), compiled with SGD and mean squared error. */
    private static Model denseModel() {
        SymbolicTensor in = Input.of(FEATURES);
        SymbolicTensor h = Dense.builder().setUnits(3).optName("fuzz_hidden").build().call(in);
        Model model = new Model(List.of(in), List.of(Dense.builder().setUnits(2).optName("fuzz_out").build().call(h)),
                MODEL);
        model.compile(new SGD(0.01), new MeanSquaredError());
        return model;
    }

    /** Images of any size -> Conv2D(2, 5 x 5). */
    private static Model convModel() {
        SymbolicTensor in = Input.of(Shape.UNKNOWN, Shape.UNKNOWN, 3);
        return new Model(List.of(in), List.of(Conv2D.builder().setFilters(2).setKernelSize(5).optName(CONV).build()
                .call(in)), MODEL);
    }

    private static Tensor uniform(Random random, long... shape) {
        float[] values = new float[Math.toIntExact(Shape.of(shape).size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        return Tensor.of(values, shape);
    }

    private static FitOptions quietFit(int batchSize, TerminateOnNaN... callbacks) {
        return FitOptions.builder().optEpochs(2).optBatchSize(batchSize).optVerbose(0).optSeed(1L)
                .optCallbacks(callbacks)
                .optOutput(new ProgressOutput(new PrintStream(OutputStream.nullOutputStream()), false)).build();
    }

    @Override
    public FuzzCase next(int index, Random random) {
        int rows = 1 + random.nextInt(9);
        return switch (index % 11) {
            case 0 -> {
                int features = random.nextBoolean() ? 1 + random.nextInt(3) : 5 + random.nextInt(20);
                yield refused("predict on " + features + " features instead of " + FEATURES, MODEL, () -> {
                    try (Model model = denseModel()) {
                        model.predict(uniform(random, rows, features), QUIET);
                    }
                });
            }
            case 1 -> {
                long[] shape = random.nextBoolean() ? new long[] {rows} : new long[] {rows, FEATURES, 1 + random.nextInt(3)};
                yield refused("predict on rank " + shape.length, MODEL, () -> {
                    try (Model model = denseModel()) {
                        model.predict(uniform(random, shape), QUIET);
                    }
                });
            }
            case 2 -> FuzzCase.mayPass(FAMILY, "predict on int64 and uint8 features", MODEL, () -> {
                try (Model model = denseModel()) {
                    model.predict(Tensor.of(new long[rows * FEATURES], rows, FEATURES), QUIET);
                    model.predict(Tensor.ofUint8(new byte[rows * FEATURES], rows, FEATURES), QUIET);
                }
            });
            // No layer is at fault here: the error names the argument (x, y) and the shapes received.
            case 3 -> refused("fit on " + rows + " inputs and " + (rows + 1) + " targets", "x of shape", () -> {
                try (Model model = denseModel()) {
                    model.fit(uniform(random, rows, FEATURES), uniform(random, rows + 1, 2), quietFit(4));
                }
            });
            case 4 -> {
                int targets = random.nextBoolean() ? 3 + random.nextInt(5) : 1;
                long[] shape = targets == 1 ? new long[] {rows, 2, 2} : new long[] {rows, targets};
                yield refused("fit on targets of shape " + Shape.of(shape), "mean_squared_error", () -> {
                    try (Model model = denseModel()) {
                        model.fit(uniform(random, rows, FEATURES), uniform(random, shape), quietFit(4));
                    }
                });
            }
            case 5 -> {
                float bad = random.nextBoolean() ? Float.NaN : random.nextBoolean() ? Float.POSITIVE_INFINITY
                        : Float.NEGATIVE_INFINITY;
                yield refused("fit on inputs holding " + bad + " with TerminateOnNaN", "at batch 0 of epoch 1", () -> {
                    try (Model model = denseModel()) {
                        float[] x = new float[rows * FEATURES];
                        x[random.nextInt(x.length)] = bad;
                        model.fit(Tensor.of(x, rows, FEATURES), uniform(random, rows, 2),
                                quietFit(16, new TerminateOnNaN(true, System.out)));
                    }
                });
            }
            case 6 -> refused("fit on no samples", "training data", () -> {
                try (Model model = denseModel()) {
                    model.fit(uniform(random, 0, FEATURES), uniform(random, 0, 2), quietFit(4));
                }
            });
            case 7 -> FuzzCase.mayPass(FAMILY, "fit with a batch size larger than the data", MODEL, () -> {
                try (Model model = denseModel()) {
                    History history = model.fit(uniform(random, rows, FEATURES), uniform(random, rows, 2),
                            quietFit(rows + 1 + random.nextInt(100)));
                    if (history.history().get("loss").size() != 2) {
                        throw new AssertionError("two epochs of one short batch each were expected: " + history);
                    }
                }
            });
            case 8 -> {
                int size = 1 + random.nextInt(4);
                yield refused("a " + size + " x " + size + " image into a 5 x 5 convolution", CONV, () -> {
                    try (Model model = convModel()) {
                        model.predict(uniform(random, 1, size, size, 3), QUIET);
                    }
                });
            }
            case 9 -> {
                int channels = random.nextBoolean() ? 1 : 4 + random.nextInt(4);
                yield refused("images of " + channels + " channels into a 3-channel convolution", MODEL, () -> {
                    try (Model model = convModel()) {
                        model.predict(uniform(random, 1, 8, 8, channels), QUIET);
                    }
                });
            }
            default -> operation(random);
        };
    }

    /** A tensor operation on shapes that do not fit together; the error must name the operation. */
    private static FuzzCase operation(Random random) {
        long a = 2 + random.nextInt(5);
        long b = a + 1 + random.nextInt(5);
        return switch (random.nextInt(5)) {
            case 0 -> refused("matmul of (" + a + ", " + a + ") by (" + b + ", 2)", "matmul",
                    () -> uniform(random, a, a).matmul(uniform(random, b, 2)));
            case 1 -> refused("add of (" + a + ", 3) and (" + b + ", 3)", "add",
                    () -> uniform(random, a, 3).add(uniform(random, b, 3)));
            case 2 -> refused("reshape of " + a * 3 + " values to " + b * 3, "reshape",
                    () -> uniform(random, a, 3).reshape(b, 3));
            case 3 -> refused("concat of (" + a + ", 2) and (" + a + ", 3) on axis 0", "concat",
                    () -> Tensor.concat(List.of(uniform(random, a, 2), uniform(random, a, 3)), 0));
            default -> refused("conv2d of a (" + a + ", " + a + ") image with a 9 x 9 kernel", "conv2d",
                    () -> uniform(random, 1, a, a, 1).conv2d(Tensor.zeros(Shape.of(9, 9, 1, 1), DType.FLOAT32), null,
                            new int[] {1, 1}, dev.graft.tensor.Padding2D.VALID, new int[] {1, 1}, 1));
        };
    }

    private static FuzzCase refused(String description, String faultName, FuzzCase.Attempt attempt) {
        return FuzzCase.refused(FAMILY, description, faultName, attempt);
    }
}
