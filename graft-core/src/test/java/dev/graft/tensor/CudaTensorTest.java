package dev.graft.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Tensors on a GPU. Needs the CUDA build and an NVIDIA GPU, so it runs only when asked:
 * {@code GRAFT_TEST_CUDA=1 ./mvnw -Pcuda test -pl graft-core -Dtest='Cuda*'}.
 */
@EnabledIfEnvironmentVariable(named = "GRAFT_TEST_CUDA", matches = "1")
class CudaTensorTest {
    private static final Device GPU = Device.cuda();
    private TensorScope scope;
    private Device before;

    @BeforeEach
    void onTheGpu() {
        before = Engine.get().defaultDevice();
        Engine.get().setDefaultDevice(GPU);
        scope = TensorScope.open();
    }

    @AfterEach
    void back() {
        scope.close();
        Engine.get().setDefaultDevice(before);
    }

    @Test
    void factoriesCreateOnTheGpuAndValuesReadBack() {
        try (SeedGenerator seed = SeedGenerator.of(3)) {
            Tensor floats = Tensor.of(new float[] {1.5f, -2, 3}, 3);
            Tensor pixels = Tensor.ofUint8(new byte[] {(byte) 200, 7}, 2);
            Tensor filled = Tensor.full(Shape.of(2, 2), 0.25, DType.FLOAT64);
            Tensor random = Tensor.randomUniform(Shape.of(1000), 0, 1, DType.FLOAT32, seed);
            for (Tensor t : List.of(floats, pixels, filled, random)) {
                assertEquals(GPU, t.device());
            }
            assertArrayEquals(new float[] {1.5f, -2, 3}, floats.toFloatArray());
            assertArrayEquals(new long[] {200, 7}, pixels.toLongArray());
            assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, filled.toDoubleArray());
            assertEquals(2.5, floats.sum().item(), 1e-6);
        }
    }

    @Test
    void randomValuesMatchTheCpusForOneSeed() {
        // Drawn on the CPU and copied, so initial weights do not depend on the device.
        float[] onGpu;
        try (SeedGenerator seed = SeedGenerator.of(11)) {
            onGpu = Tensor.randomNormal(Shape.of(64), 0, 1, DType.FLOAT32, seed).toFloatArray();
        }
        try (DeviceScope cpu = DeviceScope.open(Device.CPU); SeedGenerator seed = SeedGenerator.of(11)) {
            assertArrayEquals(Tensor.randomNormal(Shape.of(64), 0, 1, DType.FLOAT32, seed).toFloatArray(), onGpu);
        }
    }

    @Test
    void opsFollowTheirInputsAndMovesRoundTrip() {
        Tensor onCpu;
        try (DeviceScope cpu = DeviceScope.open(Device.CPU)) {
            onCpu = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        }
        assertEquals(Device.CPU, onCpu.device());
        Tensor onGpu = onCpu.to(GPU);
        assertEquals(GPU, onGpu.device());
        Tensor product = onGpu.matmul(onGpu).relu();
        assertEquals(GPU, product.device());
        // [[1, 2], [3, 4]]^2 = [[7, 10], [15, 22]]
        assertArrayEquals(new float[] {7, 10, 15, 22}, product.to(Device.CPU).toFloatArray());
        assertEquals(Device.CPU, product.to(Device.CPU).device());
        assertThrows(RuntimeException.class, () -> onCpu.add(onGpu), "ops need one device");
    }

    @Test
    void variablesLiveOnTheGpuAndDropoutDrawsThere() {
        try (Variable v = new Variable("v", Tensor.ones(Shape.of(4, 4), DType.FLOAT32), true)) {
            assertEquals(GPU, v.value().device());
            v.assign(new HostArray(new float[16], new long[] {4, 4}));
            assertArrayEquals(new float[16], v.toHostArray().data());
        }
        float[] first;
        float[] second;
        try (SeedGenerator a = SeedGenerator.of(5); SeedGenerator b = SeedGenerator.of(5)) {
            first = Tensor.ones(Shape.of(256), DType.FLOAT32).dropout(0.5, a).toFloatArray();
            second = Tensor.ones(Shape.of(256), DType.FLOAT32).dropout(0.5, b).toFloatArray();
        }
        assertArrayEquals(first, second, "one seed, one mask");
        for (float x : first) {
            assertEquals(0, x * (x - 2), 0, "each element is dropped (0) or scaled by 1 / (1 - 0.5)");
        }
    }
}
