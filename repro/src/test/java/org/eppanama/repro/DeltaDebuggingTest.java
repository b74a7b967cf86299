package org.eppanama.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DeltaDebuggingTest {
    private static final List<Integer> ITEMS = IntStream.range(0, 16).boxed().toList();

    @Test
    void findsTheSingleItemThatFails() throws Exception {
        List<List<Integer>> tested = new ArrayList<>();
        List<Integer> result = DeltaDebugging.ddmin(ITEMS, subset -> {
            tested.add(subset);
            return subset.contains(11);
        });
        assertEquals(List.of(11), result);
        assertTrue(tested.size() <= 12, "tests: " + tested.size());
        assertEquals(tested.size(), tested.stream().distinct().count(), "each subset tested once");
    }

    @Test
    void keepsEveryItemThatIsNeededTogether() throws Exception {
        List<Integer> result = DeltaDebugging.ddmin(ITEMS, subset -> subset.contains(2) && subset.contains(13));
        assertEquals(List.of(2, 13), result);
    }

    @Test
    void aFailureThatNeedsNoItemReducesToNone() throws Exception {
        assertEquals(List.of(), DeltaDebugging.ddmin(ITEMS, subset -> true));
    }

    @Test
    void resultIsOneMinimal() throws Exception {
        // Fails when at least three of 4, 5, 6, 7 are present: any three is a 1-minimal answer.
        List<Integer> result = DeltaDebugging.ddmin(ITEMS, subset -> subset.stream().filter(i -> i >= 4 && i <= 7).count() >= 3);
        assertEquals(3, result.size(), "result " + result);
        for (Integer i : result) {
            List<Integer> less = new ArrayList<>(result);
            less.remove(i);
            assertTrue(less.stream().filter(x -> x >= 4 && x <= 7).count() < 3);
        }
    }
}
