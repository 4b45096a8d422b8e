package dev.graft.engine.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.tensor.DType;
import dev.graft.tensor.Device;
import dev.graft.tensor.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;

/** A fresh engine reads {@code graft.device} on first use, and a GPU it cannot use fails with the reason. */
class ConfiguredDeviceTest {
    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(Device.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(Device.PROPERTY);
        } else {
            System.setProperty(Device.PROPERTY, saved);
        }
    }

    @Test
    void readsThePropertyOnFirstUse() {
        System.setProperty(Device.PROPERTY, "cpu");
        TorchEngine engine = new TorchEngine();
        assertEquals(Device.CPU, engine.defaultDevice());
        System.setProperty(Device.PROPERTY, "gpu");
        assertEquals(Device.CPU, engine.defaultDevice(), "read once");
    }

    @Test
    @DisabledIfEnvironmentVariable(named = "GRAFT_TEST_CUDA", matches = "1")
    void aConfiguredGpuWithoutCudaFailsAtTheFirstTensor() {
        System.setProperty(Device.PROPERTY, "cuda");
        TorchEngine engine = new TorchEngine();
        for (int attempt = 0; attempt < 2; attempt++) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> engine.full(Shape.of(2), 1, DType.FLOAT32));
            assertTrue(e.getMessage().startsWith("Device cuda:0 was requested (GRAFT_DEVICE / --device) but this "
                    + "engine build has no CUDA support or no GPU is visible: build with ./mvnw -Pcuda"), e.getMessage());
        }
        assertThrows(IllegalStateException.class, () -> engine.fromArray(new long[] {1}, new long[] {1}));
        // An explicit choice replaces the configured one.
        engine.setDefaultDevice(Device.CPU);
        assertEquals(Device.CPU, engine.defaultDevice());
        engine.full(Shape.of(2), 1, DType.FLOAT32).close();
    }

    @Test
    void aConfiguredNameThatIsNoDeviceSaysWhereItCameFrom() {
        System.setProperty(Device.PROPERTY, "gpu");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TorchEngine().fromArray(new float[] {1}, new long[] {1}));
        assertTrue(e.getMessage().startsWith("The system property graft.device is 'gpu'"), e.getMessage());
    }
}
