package dev.graft.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Device names, as PyTorch writes them, and the configuration that picks the default. */
class DeviceTest {

    @Test
    void parsesCpuCudaAndNumberedGpus() {
        assertEquals(Device.CPU, Device.of("cpu"));
        assertTrue(Device.of("cpu").isCpu());
        assertEquals(Device.cuda(0), Device.of("cuda"));
        assertEquals(Device.cuda(), Device.of("cuda:0"));
        Device second = Device.of(" cuda:1 ");
        assertTrue(second.isCuda());
        assertFalse(second.isCpu());
        assertEquals(1, second.index());
        assertNotEquals(Device.cuda(0), second);
        assertNotEquals(Device.CPU, Device.cuda(0));
    }

    @Test
    void namesReadBack() {
        for (Device d : new Device[] {Device.CPU, Device.cuda(), Device.cuda(3)}) {
            assertEquals(d, Device.of(d.toString()));
            assertEquals(d.hashCode(), Device.of(d.toString()).hashCode());
        }
        assertEquals("cpu", Device.CPU.toString());
        assertEquals("cuda:0", Device.of("cuda").toString());
    }

    @Test
    void rejectsOtherNamesSayingWhatIsAccepted() {
        IllegalArgumentException gpu = assertThrows(IllegalArgumentException.class, () -> Device.of("gpu"));
        assertEquals("Unknown device 'gpu': use cpu, cuda or cuda:N (N = 0, 1, ..., the GPU's number)",
                gpu.getMessage());
        for (String name : new String[] {"CUDA", "cpu:0", "mps", "", "cuda0"}) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Device.of(name)).getMessage()
                    .startsWith("Unknown device '" + name + "'"), name);
        }
        for (String name : new String[] {"cuda:x", "cuda:", "cuda:-1", "cuda:1.5", "cuda:12345678901"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Device.of(name));
            assertTrue(e.getMessage().startsWith("Device '" + name + "' has no valid GPU index: write cuda:N"),
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Device.of(null));
        assertThrows(IllegalArgumentException.class, () -> Device.cuda(-1));
    }

    @Test
    void thePropertyWinsOverTheEnvironmentAndTheCpuIsTheDefault() {
        assertEquals(Device.CPU, Device.fromConfiguration(null, null));
        assertEquals(Device.CPU, Device.fromConfiguration(" ", ""));
        assertEquals(Device.cuda(1), Device.fromConfiguration(null, "cuda:1"));
        assertEquals(Device.CPU, Device.fromConfiguration("cpu", "cuda:1"));
        assertEquals(Device.cuda(), Device.fromConfiguration("cuda", "cpu"));
    }

    @Test
    void aBadSettingNamesItsSource() {
        IllegalArgumentException env = assertThrows(IllegalArgumentException.class,
                () -> Device.fromConfiguration(null, "gpu"));
        assertEquals("The environment variable GRAFT_DEVICE is 'gpu', which is not a device: use cpu, cuda or cuda:N",
                env.getMessage());
        IllegalArgumentException property = assertThrows(IllegalArgumentException.class,
                () -> Device.fromConfiguration("cuda:one", "cpu"));
        assertTrue(property.getMessage().startsWith("The system property graft.device is 'cuda:one'"),
                property.getMessage());
    }
}
