package io.hybridstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OptionChoiceTest {

    private enum One { ONLY_ONE }

    @Test
    void aConstantIsNamedInLowerCaseWithDashes() {
        assertEquals("tiered-early", OptionChoice.name(NodeJit.TIERED_EARLY));
        assertEquals("small-no-survivor", OptionChoice.name(AppHeap.SMALL_NO_SURVIVOR));
    }

    @Test
    void everyConstantParsesBackFromItsName() {
        int checked = 0;
        for (NodeJit jit : NodeJit.values()) {
            assertEquals(jit, OptionChoice.parse(NodeJit.class, OptionChoice.name(jit).toUpperCase()));
            checked++;
        }
        for (AppHeap heap : AppHeap.values()) {
            assertEquals(heap, OptionChoice.parse(AppHeap.class, OptionChoice.name(heap)));
            checked++;
        }
        assertEquals(NodeJit.values().length + AppHeap.values().length, checked);
    }

    @Test
    void anUnknownNameListsEveryChoice() {
        assertEquals("expected c1, tiered or tiered-early, got c2",
                assertThrows(IllegalArgumentException.class, () -> OptionChoice.parse(NodeJit.class, "c2")).getMessage());
        assertEquals("expected only-one, got two",
                assertThrows(IllegalArgumentException.class, () -> OptionChoice.parse(One.class, "two")).getMessage());
        assertEquals("expected only-one, got null",
                assertThrows(IllegalArgumentException.class, () -> OptionChoice.parse(One.class, null)).getMessage());
    }
}
