package dev.graft.utils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class LazySpliteratorTest {
    @Test
    void readingTheSizeStartsNoPass() {
        AtomicInteger passes = new AtomicInteger();
        LazySpliterator<String> s = new LazySpliterator<>(3, Spliterator.SIZED | Spliterator.ORDERED, () -> {
            passes.incrementAndGet();
            return List.of("a", "b", "c").iterator();
        });
        assertEquals(3, s.getExactSizeIfKnown());
        assertTrue(s.hasCharacteristics(Spliterator.ORDERED));
        assertEquals(0, passes.get());
    }

    @Test
    void advancingStartsOnePassAndWalksIt() {
        AtomicInteger passes = new AtomicInteger();
        LazySpliterator<String> s = new LazySpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED, () -> {
            passes.incrementAndGet();
            return List.of("a", "b", "c").iterator();
        });
        assertEquals(-1, s.getExactSizeIfKnown(), "unsized without SIZED");
        List<String> seen = new ArrayList<>();
        assertTrue(s.tryAdvance(seen::add));
        s.forEachRemaining(seen::add);
        assertFalse(s.tryAdvance(seen::add));
        assertEquals(List.of("a", "b", "c"), seen);
        assertEquals(1, passes.get());
        assertEquals(List.of("x"), StreamSupport.stream(new LazySpliterator<>(1, Spliterator.SIZED,
                () -> List.of("x").iterator()), false).toList());
    }
}
