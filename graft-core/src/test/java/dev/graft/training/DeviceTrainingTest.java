package dev.graft.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.Dense;
import dev.graft.layers.Dropout;
import dev.graft.layers.Input;
import dev.graft.layers.SymbolicTensor;
import dev.graft.losses.MeanSquaredError;
import dev.graft.models.Model;
import dev.graft.optimizers.SGD;
import dev.graft.tensor.Device;
import dev.graft.tensor.Engine;
import dev.graft.tensor.Tensor;
import dev.graft.tensor.TensorScope;
import dev.graft.tensor.Variable;
import dev.graft.utils.Names;
import dev.graft.utils.RandomSeed;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Training on a chosen device: the model's weights decide where each batch goes. */
class DeviceTrainingTest {
    private TensorScope scope;
    private Device before;

    @BeforeEach
    void setUp() {
        before = Engine.get().defaultDevice();
        scope = TensorScope.open();
    }

    @AfterEach
    void tearDown() {
        scope.close();
        Engine.get().setDefaultDevice(before);
    }

    /** y = 3 a - 2 b + 1 on 20 grid points, as {x, y}. */
    private static Tensor[] linearData() {
        float[] xs = new float[40];
        float[] ys = new float[20];
        for (int i = 0; i < 20; i++) {
            xs[2 * i] = (i % 5) / 4f;
            xs[2 * i + 1] = (i / 5) / 3f;
            ys[i] = 3 * xs[2 * i] - 2 * xs[2 * i + 1] + 1;
        }
        return new Tensor[] {Tensor.of(xs, 20, 2), Tensor.of(ys, 20, 1)};
    }

    /**
     * A seeded Dense(8) - [Dropout(0.1)] - Dense(1) model trained for 20 epochs on the default device; returns
     * its weights, flattened.
     */
    private static List<float[]> trainSeeded(boolean dropout) {
        Names.clearSession();
        RandomSeed.set(42);
        SymbolicTensor in = Input.of(2);
        SymbolicTensor hidden = new Dense(8).call(in);
        try (Model model = new Model(in, new Dense(1).call(dropout ? new Dropout(0.1).call(hidden) : hidden))) {
            model.compile(new SGD(0.05), new MeanSquaredError());
            Tensor[] data = linearData();
            History history = model.fit(data[0], data[1], FitOptions.builder().optEpochs(20).optBatchSize(5)
                    .optVerbose(0).optSeed(1).build());
            List<Double> loss = history.get("loss");
            assertTrue(loss.get(19) < loss.get(0), "training lowers the loss: " + loss);
            List<float[]> weights = new ArrayList<>();
            for (Variable v : model.weights()) {
                assertEquals(Engine.get().defaultDevice(), v.value().device(), v.name());
                weights.add(v.toHostArray().data());
            }
            return weights;
        }
    }

    @Test
    void fitsOnAnExplicitCpu() {
        Engine.get().setDefaultDevice(Device.CPU);
        List<float[]> first = trainSeeded(true);
        List<float[]> second = trainSeeded(true);
        assertEquals(4, first.size());
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), second.get(i), "one seed, one result");
        }
    }

    @Test
    void theModelsDeviceIsThatOfItsWeights() {
        Engine.get().setDefaultDevice(Device.CPU);
        SymbolicTensor in = Input.of(2);
        try (Model model = new Model(in, new Dense(1).call(in))) {
            assertEquals(Device.CPU, DeviceBatches.deviceOf(model));
            Tensor prediction = model.predict(Tensor.of(new float[] {1, 0}, 1, 2),
                    InferenceOptions.builder().optVerbose(0).build());
            assertEquals(Device.CPU, prediction.device());
            prediction.close();
        }
    }

    @Test
    void aBatchAlreadyOnTheDeviceIsKept() {
        Tensor[] data = linearData();
        Batch batch = Batch.of(data[0], data[1]);
        assertSame(batch, batch.to(Device.CPU));
        Batch inputsOnly = Batch.of(data[0]);
        assertSame(inputsOnly, inputsOnly.to(Device.CPU));
    }

    @Test
    void deviceBatchesPassBatchesOnAndCloseTheirSource() throws Exception {
        Tensor[] data = linearData();
        boolean[] closed = {false};
        Iterable<Batch> source = () -> new ClosingIterator(new TensorBatches(data[0], data[1], 8, false, 0)
                .iterator(), closed);
        List<Long> sizes = new ArrayList<>();
        try (DeviceBatches batches = DeviceBatches.over(source, Device.CPU)) {
            while (batches.hasNext()) {
                Batch batch = batches.next();
                assertEquals(Device.CPU, batch.inputs().get(0).device());
                sizes.add(batch.size());
            }
        }
        assertEquals(List.of(8L, 8L, 4L), sizes);
        assertTrue(closed[0], "the data's iterator was closed");
    }

    @Test
    void shuffledBatchesGatherFromDataOnAnyDevice() {
        Tensor[] data = linearData();
        Iterator<Batch> batches = new TensorBatches(data[0], data[1], 20, true, 3).iterator();
        Batch all = batches.next();
        assertEquals(Device.CPU, all.inputs().get(0).device());
        // A shuffle is a permutation: the targets' sum is unchanged.
        assertEquals(data[1].sum().item(), all.targets().sum().item(), 1e-5);
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "GRAFT_TEST_CUDA", matches = "1")
    void onTheGpuTrainingMatchesTheCpu() {
        Engine.get().setDefaultDevice(Device.CPU);
        List<float[]> onCpu = trainSeeded(false);
        Engine.get().setDefaultDevice(Device.cuda());
        List<float[]> onGpu = trainSeeded(false);
        // Same seeds, same initial weights (drawn on the CPU), same batches: only rounding differs.
        for (int i = 0; i < onCpu.size(); i++) {
            assertArrayEquals(onCpu.get(i), onGpu.get(i), 1e-4f);
        }
        trainSeeded(true); // dropout draws from the GPU's own generator
    }

    private record ClosingIterator(Iterator<Batch> inner, boolean[] closed) implements Iterator<Batch>, AutoCloseable {
        @Override
        public boolean hasNext() {
            return inner.hasNext();
        }

        @Override
        public Batch next() {
            return inner.next();
        }

        @Override
        public void close() {
            closed[0] = true;
        }
    }
}
