package dev.graft.data.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SplitSpecTest {
    /** The size of cats_vs_dogs' train split. */
    private static final int N = 23_262;
    private static final Map<String, Integer> CATS = Map.of("train", N);

    @Test
    void theGuideSplitsHold9305And2326And2326() {
        // round(p * 23262 / 100): 9304.8 -> 9305, 11631.0 -> 11631, 13957.2 -> 13957.
        assertEquals(List.of(new IndexRange("train", 0, 9305)), ranges("train[:40%]", CATS));
        assertEquals(List.of(new IndexRange("train", 9305, 11631)), ranges("train[40%:50%]", CATS));
        assertEquals(List.of(new IndexRange("train", 11631, 13957)), ranges("train[50%:60%]", CATS));
        assertEquals(9305, ranges("train[:40%]", CATS).get(0).size());
        assertEquals(2326, ranges("train[40%:50%]", CATS).get(0).size());
        assertEquals(2326, ranges("train[50%:60%]", CATS).get(0).size());
    }

    @Test
    void aWholeSplitAndAbsoluteSlices() {
        assertEquals(List.of(new IndexRange("train", 0, N)), ranges("train", CATS));
        assertEquals(List.of(new IndexRange("train", 10, 20)), ranges("train[10:20]", CATS));
        assertEquals(List.of(new IndexRange("train", 0, 20)), ranges("train[:20]", CATS));
        assertEquals(List.of(new IndexRange("train", 10, N)), ranges("train[10:]", CATS));
    }

    @Test
    void negativeBoundariesCountFromTheEnd() {
        assertEquals(List.of(new IndexRange("train", N - 5, N)), ranges("train[-5:]", CATS));
        assertEquals(List.of(new IndexRange("train", 0, N - 5)), ranges("train[:-5]", CATS));
        assertEquals(List.of(new IndexRange("train", N - 20, N - 10)), ranges("train[-20:-10]", CATS));
        // -10% of 23262 is round(-2326.2) = -2326.
        assertEquals(List.of(new IndexRange("train", N - 2326, N)), ranges("train[-10%:]", CATS));
    }

    @Test
    void percentsRoundHalfToEvenAsPython() {
        Map<String, Integer> ten = Map.of("train", 10);
        // 25% of 10 is 2.5 -> 2 and 35% is 3.5 -> 4 (Python's round), 15% is 1.5 -> 2.
        assertEquals(2, ranges("train[:25%]", ten).get(0).to());
        assertEquals(4, ranges("train[:35%]", ten).get(0).to());
        assertEquals(2, ranges("train[:15%]", ten).get(0).to());
    }

    @Test
    void pct1DropRemainderMakesEveryPercentEqual() {
        // floor(23262 / 100) = 232 examples per percent.
        assertEquals(List.of(new IndexRange("train", 0, 40 * 232)),
                SplitSpec.parse("train[:40%]", PercentRounding.PCT1_DROPREMAINDER).resolve(CATS));
        assertEquals(List.of(new IndexRange("train", 40 * 232, 50 * 232)),
                SplitSpec.parse("train[40%:50%]", PercentRounding.PCT1_DROPREMAINDER).resolve(CATS));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SplitSpec.parse("train[:50%]", PercentRounding.PCT1_DROPREMAINDER).resolve(Map.of("train", 99)));
        assertTrue(e.getMessage().contains("fewer than 100"), e.getMessage());
    }

    @Test
    void unionsKeepTheirTermsInOrder() {
        assertEquals(List.of(new IndexRange("train", 0, 2326), new IndexRange("train", N - 2326, N)),
                ranges("train[:10%]+train[-10%:]", CATS));
        assertEquals(ranges("train[:10%]+train[-10%:]", CATS), ranges("train[:10%] + train[-10%:]", CATS));
        Map<String, Integer> two = new LinkedHashMap<>();
        two.put("train", 100);
        two.put("test", 50);
        assertEquals(List.of(new IndexRange("test", 0, 50), new IndexRange("train", 90, 100)),
                ranges("test+train[-10:]", two));
        assertEquals(List.of(new IndexRange("train", 0, 100), new IndexRange("test", 0, 50)), ranges("all", two));
    }

    @Test
    void onePercentMakesBothBoundariesPercentsAsInTfds() {
        assertEquals(ranges("train[10%:20%]", CATS), ranges("train[10:20%]", CATS));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "train[:40%|10|missing ']'",
        "train[5]|6|a single index is not a slice: write train[5:6]",
        "train[-1]|6|write train[-1:]",
        "train[:]|6|'[:]' selects nothing explicitly",
        "train[]|6|empty brackets",
        "train[1:2:3]|9|a slice has one ':'",
        "train[a:5]|6|expected an integer",
        "train[5x:9]|7|expected an integer",
        "train [1:2]|5|expected '[' or the end of the term",
        "train+|6|expected a split name after '+'",
        "\" train\"|0|expected a split name",
        "train[:101%]|7|percent boundaries must lie in [-100, 100], received 101",
        "all[:10%]|3|'all' (every split) cannot be sliced",
        "train[1shard:2shard]|7|the 'shard' unit is not supported",
        "train[1:2]x|10|unexpected text after ']'",
    })
    void malformedSpecsNameTheSpecAndTheIndex(String spec, int index, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SplitSpec.parse(spec));
        String message = e.getMessage();
        assertTrue(message.startsWith("Invalid split spec \"" + spec + "\": "), message);
        assertTrue(message.contains(problem), message);
        assertTrue(message.contains(" at index " + index + "\n  " + spec + "\n  " + " ".repeat(index) + "^\n"),
                message);
    }

    @Test
    void anEmptySpecIsMalformed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SplitSpec.parse(""));
        assertTrue(e.getMessage().contains("expected a split name at index 0"), e.getMessage());
    }

    @Test
    void resolvingChecksTheSplitsAndTheBounds() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ranges("test[:10%]", CATS));
        assertTrue(unknown.getMessage().contains("Unknown split 'test' in split spec \"test[:10%]\". Should be one of"
                + " [train]"), unknown.getMessage());
        IllegalArgumentException beyond = assertThrows(IllegalArgumentException.class,
                () -> ranges("train[:30000]", CATS));
        assertTrue(beyond.getMessage().contains("reaches beyond the 23262 examples of split 'train'"),
                beyond.getMessage());
        IllegalArgumentException backwards = assertThrows(IllegalArgumentException.class,
                () -> ranges("train[20:10]", CATS));
        assertTrue(backwards.getMessage().contains("starts at example 20 after its end 10"), backwards.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> ranges("train[5:5]", CATS));
        assertTrue(empty.getMessage().contains("selects no examples"), empty.getMessage());
    }

    @Test
    void theSpecReadsBackAsWritten() {
        assertEquals("train[:10%] + train[-10%:]", SplitSpec.parse("train[:10%] + train[-10%:]").toString());
    }

    private static List<IndexRange> ranges(String spec, Map<String, Integer> sizes) {
        return SplitSpec.parse(spec).resolve(sizes);
    }
}
