package dev.graft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class CpuLoadTest {

    @Test
    void systemLineBusyExcludesIdleAndIowait() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        CpuLoad.Jiffies j = CpuLoad.parseSystemLine("cpu  100 5 20 1000 30 2 3 4 0 0");
        // total = 100 + 5 + 20 + 1000 + 30 + 2 + 3 + 4; busy = total - (1000 + 30).
        assertEquals(1164, j.total());
        assertEquals(134, j.busy());
    }

    @Test
    void aLineThatIsNotTheCpuLineIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CpuLoad.parseSystemLine("cpu0 1 2 3"));
        assertThrows(IllegalArgumentException.class, () -> CpuLoad.parseSystemLine("intr 1 2 3 4 5 6 7 8 9"));
    }

    @Test
    void ownJiffiesAreUserPlusSystemEvenWithSpacesInTheName() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        String line = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 500 0 0 0 731 95 0 0 20 0 40 0";
        assertEquals(731 + 95, CpuLoad.parseOwnLine(line));
    }

    @Test
    void foreignShareIsOthersBusyTimeOverAllTime() {
        CpuLoad.Jiffies before = new CpuLoad.Jiffies(1000, 10000);
        CpuLoad.Jiffies after = new CpuLoad.Jiffies(1150, 10200);
        // 150 busy jiffies of 200, 100 of them ours: others took 50 / 200.
        assertEquals(0.25, CpuLoad.Meter.foreignShare(before, after, 100));
        // Never negative when our own count runs ahead of the system's.
        assertEquals(0.0, CpuLoad.Meter.foreignShare(before, after, 180));
    }

    @Test
    void readsThisMachine() {
        Assumptions.assumeTrue(CpuLoad.isAvailable(), "needs /proc (Linux)");
        CpuLoad.Jiffies j = CpuLoad.system();
        assertTrue(j.total() > j.busy() && j.busy() > 0, j.toString());
        double share = CpuLoad.start().foreignShare();
        assertTrue(share >= 0 && share <= 1, "share " + share);
        CpuLoad.IdleWait none = CpuLoad.waitForIdle(0, 0.1, 1);
        assertEquals(0, none.waitedSeconds());
    }
}
