package dev.graft.engine.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.Dense;
import dev.graft.layers.Input;
import dev.graft.layers.SymbolicTensor;
import dev.graft.losses.MeanSquaredError;
import dev.graft.models.Model;
import dev.graft.optimizers.Adam;
import dev.graft.optimizers.AdamW;
import dev.graft.optimizers.Optimizer;
import dev.graft.optimizers.RMSprop;
import dev.graft.optimizers.SGD;
import dev.graft.tensor.GradientTape;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import dev.graft.training.FitOptions;
import dev.graft.training.History;
import dev.graft.utils.RandomSeed;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Optimizers update variables in place: the libtorch storage behind a variable and behind each optimizer
 * slot keeps its address across steps, and a trainable variable stays a leaf that requires grad, so the
 * next step's gradients flow to it.
 */
class InPlaceStorageTest {

    private static long address(Variable v) {
        return TorchTensor.unwrap(v.value()).data_ptr().address();
    }

    private static void assertUpdatesInPlace(Supplier<Optimizer> factory) {
        try (TensorScope scope = TensorScope.open();
             Optimizer optimizer = factory.get();
             Variable kernel = new Variable("dense/kernel", Tensor.of(new float[] {1, -2, 3, 0.5f}, 2, 2), true);
             Variable bias = new Variable("dense/bias", Tensor.of(new float[] {0.1f, -0.1f}, 2), true)) {
            Tensor kernelStorage = kernel.value();
            long kernelAddress = address(kernel);
            long biasAddress = address(bias);
            long[] slotAddresses = null;
            for (int step = 0; step < 3; step++) {
                try (TensorScope stepScope = TensorScope.open(); GradientTape tape = GradientTape.open()) {
                    Tensor loss = kernel.value().square().sum().add(bias.value().square().sum());
                    List<Tensor> grads = tape.gradient(loss, List.of(kernel, bias));
                    optimizer.applyGradients(grads, List.of(kernel, bias));
                }
                long[] now = optimizer.variables().stream().mapToLong(InPlaceStorageTest::address).toArray();
                if (slotAddresses != null) {
                    assertArrayEquals(slotAddresses, now, optimizer + ": the slots keep their storage");
                }
                slotAddresses = now;
            }
            assertSame(kernelStorage, kernel.value());
            assertEquals(kernelAddress, address(kernel), optimizer + ": the kernel keeps its storage");
            assertEquals(biasAddress, address(bias), optimizer + ": the bias keeps its storage");
            assertTrue(TorchTensor.unwrap(kernel.value()).is_leaf(), "still a leaf");
            assertTrue(TorchTensor.unwrap(kernel.value()).requires_grad(), "still requires grad");
            assertEquals(3, optimizer.iterations());
        }
    }

    @Test
    void adamAndAdamWUpdateInPlace() {
        assertUpdatesInPlace(() -> new Adam(0.1));
        assertUpdatesInPlace(() -> Adam.builder().optAmsgrad(true).optClipnorm(1).build());
        assertUpdatesInPlace(() -> new AdamW(0.1));
    }

    @Test
    void sgdUpdatesInPlace() {
        assertUpdatesInPlace(() -> new SGD(0.1));
        assertUpdatesInPlace(() -> SGD.builder().optMomentum(0.9).optNesterov(true).optWeightDecay(0.1).build());
    }

    @Test
    void rmspropUpdatesInPlace() {
        assertUpdatesInPlace(() -> new RMSprop(0.1));
        assertUpdatesInPlace(() -> RMSprop.builder().optMomentum(0.5).optCentered(true).optGlobalClipnorm(1).build());
    }

    /**
     * End to end: {@code fit} with Adam recovers a noise-free linear map {@code y = x w + b}, and the model's
     * kernel is still the storage it started with.
     */
    @Test
    void fitWithInPlaceAdamStillLearnsThroughTheSameStorage() {
        RandomSeed.set(7);
        Random random = new Random(3);
        double[] w = {1.5, -2, 0.5};
        double b = 0.3;
        int n = 256;
        float[] x = new float[n * 3];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double target = b;
            for (int j = 0; j < 3; j++) {
                x[i * 3 + j] = (float) random.nextGaussian();
                target += w[j] * x[i * 3 + j];
            }
            y[i] = (float) target;
        }
        try (TensorScope scope = TensorScope.open()) {
            SymbolicTensor in = Input.of(3);
            Dense dense = new Dense(1);
            try (Model model = new Model(in, dense.call(in))) {
                model.compile(new Adam(0.05), new MeanSquaredError());
                Variable kernel = dense.trainableWeights().get(0);
                long address = address(kernel);
                History history = model.fit(Tensor.of(x, n, 3), Tensor.of(y, n, 1),
                        FitOptions.builder().optEpochs(60).optBatchSize(32).optVerbose(0).optSeed(1).build());
                double firstLoss = history.get("loss").get(0);
                double lastLoss = history.last("loss");
                assertTrue(lastLoss < 1e-6 && firstLoss > 1, "loss " + firstLoss + " -> " + lastLoss);
                assertArrayEquals(w, kernel.value().toDoubleArray(), 1e-3);
                assertEquals(address, address(kernel), "fit updated the kernel in place");
            }
        }
    }
}
