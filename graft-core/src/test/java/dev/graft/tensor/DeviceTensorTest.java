package dev.graft.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;

/**
 * Where tensors are created and how they move, on the CPU (the build these tests run with has no CUDA; the
 * GPU side is {@link CudaTensorTest}, run where a GPU and the CUDA build are).
 */
class DeviceTensorTest {
    static final String NO_CUDA = "Device cuda:0 was requested (GRAFT_DEVICE / --device) but this engine build has "
            + "no CUDA support or no GPU is visible: build with ./mvnw -Pcuda install -DskipTests (see the README's "
            + "GPU section) and run on a machine with an NVIDIA GPU";

    private TensorScope scope;

    @BeforeEach
    void openScope() {
        scope = TensorScope.open();
    }

    @AfterEach
    void closeScope() {
        scope.close();
    }

    @Test
    void theDefaultDeviceIsTheCpuUnlessConfigured() {
        assumeTrue(System.getProperty(Device.PROPERTY) == null && System.getenv(Device.ENVIRONMENT) == null,
                "a device is configured for this run");
        assertEquals(Device.CPU, Engine.get().defaultDevice());
        assertEquals(Device.CPU, Tensor.scalar(1).device());
    }

    @Test
    void everyFactoryCreatesOnAnExplicitCpu() {
        Engine.get().setDefaultDevice(Device.CPU);
        assertEquals(Device.CPU, Engine.get().defaultDevice());
        try (SeedGenerator seed = SeedGenerator.of(7)) {
            List<Tensor> made = List.of(
                    Tensor.of(new float[] {1, 2}, 2),
                    Tensor.of(new double[] {1, 2}, 2),
                    Tensor.of(new long[] {1, 2}, 2),
                    Tensor.ofUint8(new byte[] {(byte) 255, 0}, 2),
                    Tensor.scalar(3),
                    Tensor.zeros(Shape.of(2), DType.FLOAT32),
                    Tensor.ones(Shape.of(2), DType.INT64),
                    Tensor.full(Shape.of(2), 4, DType.FLOAT64),
                    Tensor.randomUniform(Shape.of(2), 0, 1, DType.FLOAT32, seed),
                    Tensor.randomNormal(Shape.of(2), 0, 1, DType.FLOAT32, seed),
                    Tensor.concat(List.of(Tensor.scalar(1).reshape(1), Tensor.scalar(2).reshape(1)), 0),
                    Tensor.stack(List.of(Tensor.scalar(1), Tensor.scalar(2)), 0));
            for (Tensor t : made) {
                assertEquals(Device.CPU, t.device(), t.toString());
            }
            assertArrayEquals(new long[] {255, 0}, made.get(3).toLongArray());
            assertArrayEquals(new double[] {4, 4}, made.get(7).toDoubleArray());
        }
    }

    @Test
    void variablesLiveOnTheDefaultDevice() {
        Engine.get().setDefaultDevice(Device.CPU);
        try (Variable plain = new Variable("plain", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2), true);
                Variable ordered = new Variable("ordered", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2), true, 1, 0)) {
            assertEquals(Device.CPU, plain.value().device());
            assertEquals(Device.CPU, ordered.value().device());
            assertArrayEquals(new float[] {1, 2, 3, 4}, ordered.toHostArray().data());
        }
    }

    @Test
    void toTheSameDeviceSharesTheDataInANewTensor() {
        Tensor t = Tensor.of(new float[] {1.5f, -2, 3}, 3);
        Tensor moved = t.to(Device.CPU);
        assertNotSame(t, moved);
        assertEquals(Device.CPU, moved.device());
        assertEquals(t.shape(), moved.shape());
        assertEquals(t.dtype(), moved.dtype());
        assertArrayEquals(t.toFloatArray(), moved.toFloatArray());
        moved.close();
        assertFalse(t.isClosed(), "closing the moved tensor leaves the original open");
        assertArrayEquals(new float[] {1.5f, -2, 3}, t.to(Device.CPU).to(Device.CPU).toFloatArray());
    }

    @Test
    void gradientsFlowThroughAMove() {
        try (Variable v = new Variable("v", Tensor.of(new float[] {1, 2}, 2), true)) {
            List<Tensor> grads;
            try (GradientTape tape = GradientTape.open()) {
                // d/dv sum(3 v) = 3 for each element.
                grads = tape.gradient(v.value().to(Device.CPU).mul(3).sum(), List.of(v));
            }
            assertArrayEquals(new float[] {3, 3}, grads.get(0).toFloatArray());
        }
    }

    @Test
    @DisabledIfEnvironmentVariable(named = "GRAFT_TEST_CUDA", matches = "1")
    void askingForAGpuFailsAtOnceWithTheReasonAndTheFix() {
        Device before = Engine.get().defaultDevice();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Engine.get().setDefaultDevice(Device.of("cuda")));
        assertEquals(NO_CUDA, e.getMessage());
        assertEquals(before, Engine.get().defaultDevice(), "a refused device leaves the default as it was");
        assertEquals(NO_CUDA, assertThrows(IllegalStateException.class,
                () -> DeviceScope.open(Device.cuda())).getMessage());
        Tensor t = Tensor.scalar(1);
        assertTrue(assertThrows(IllegalStateException.class, () -> t.to(Device.cuda(1))).getMessage()
                .startsWith("Device cuda:1 was requested"));
    }

    @Test
    void scopesNestRestoreAndPassToThreadsStartedInside() throws InterruptedException {
        assertNull(DeviceScope.current());
        AtomicReference<Device> seenInside = new AtomicReference<>();
        AtomicReference<Device> seenAfter = new AtomicReference<>(Device.CPU);
        try (DeviceScope outer = DeviceScope.open(Device.CPU)) {
            assertEquals(Device.CPU, DeviceScope.current());
            assertEquals(Device.CPU, Engine.get().defaultDevice());
            try (DeviceScope inner = DeviceScope.open(Device.CPU)) {
                assertEquals(Device.CPU, Tensor.zeros(Shape.of(1), DType.FLOAT32).device());
            }
            assertEquals(Device.CPU, DeviceScope.current(), "the inner scope restores the outer one");
            Thread worker = new Thread(() -> seenInside.set(DeviceScope.current()));
            worker.start();
            worker.join();
            outer.close();
            outer.close(); // closing twice is harmless
        }
        assertEquals(Device.CPU, seenInside.get());
        assertNull(DeviceScope.current());
        Thread later = new Thread(() -> seenAfter.set(DeviceScope.current()));
        later.start();
        later.join();
        assertNull(seenAfter.get(), "a thread started after the scope has no scoped device");
    }

    @Test
    void aScopeIsClosedByTheThreadThatOpenedIt() throws InterruptedException {
        try (DeviceScope cpu = DeviceScope.open(Device.CPU)) {
            AtomicReference<Exception> failure = new AtomicReference<>();
            Thread other = new Thread(() -> {
                try {
                    cpu.close();
                } catch (IllegalStateException e) {
                    failure.set(e);
                }
            });
            other.start();
            other.join();
            assertTrue(failure.get().getMessage().startsWith("A DeviceScope must be closed by the thread that "
                    + "opened it"), String.valueOf(failure.get()));
        }
    }
}
