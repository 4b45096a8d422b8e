package dev.graft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

    @Test
    void parsesKibibytesIntoMebibytes() {
        List<String> status = List.of("Name:\tjava", "VmHWM:\t  2097152 kB", "VmRSS:\t   524288 kB");
        assertEquals(2048.0, ProcessMemory.parse(status, "VmHWM:"));
        assertEquals(512.0, ProcessMemory.parse(status, "VmRSS:"));
    }

    @Test
    void aMissingLineIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ProcessMemory.parse(List.of("Name:\tjava"), "VmHWM:"));
        assertEquals("No VmHWM: line in /proc/self/status", e.getMessage());
    }

    @Test
    void thePeakIsAtLeastTheCurrentValue() {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs /proc (Linux)");
        double current = ProcessMemory.currentMib();
        double peak = ProcessMemory.peakMib();
        assertTrue(current > 1 && peak >= current, "current " + current + " MiB, peak " + peak + " MiB");
    }
}
