package dev.graft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        assertEquals(3.0, Stats.median(List.of(9.0, 1.0, 3.0)));
        assertEquals(7.5, Stats.median(List.of(7.5)));
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        // Sorted: 1, 2, 4, 10 -> (2 + 4) / 2.
        assertEquals(3.0, Stats.median(List.of(10.0, 2.0, 1.0, 4.0)));
    }

    @Test
    void medianLeavesItsInputUnsorted() {
        List<Double> values = new java.util.ArrayList<>(List.of(3.0, 1.0, 2.0));
        Stats.median(values);
        assertEquals(List.of(3.0, 1.0, 2.0), values);
    }

    @Test
    void minSumAndMean() {
        List<Double> values = List.of(4.0, 1.0, 7.0);
        assertEquals(1.0, Stats.min(values));
        assertEquals(12.0, Stats.sum(values));
        assertEquals(4.0, Stats.mean(values));
    }

    @Test
    void emptyInputsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Stats.median(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Stats.mean(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Stats.min(List.of()));
    }
}
