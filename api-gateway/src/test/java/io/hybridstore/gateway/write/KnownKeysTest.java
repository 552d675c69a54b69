package io.hybridstore.gateway.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.gateway.write.KnownKeys.Plan;
import org.junit.jupiter.api.Test;

class KnownKeysTest {

    @Test
    void aKeySeenWithARecordIsReadFirstAndAnyOtherGuessedNew() {
        KnownKeys known = new KnownKeys(true, 1024);

        assertEquals(Plan.GUESS_NEW, known.plan("a"));
        known.remember("a");
        assertEquals(Plan.READ_KNOWN, known.plan("a"));
        assertEquals(Plan.GUESS_NEW, known.plan("b"));
        known.existed("b", Plan.GUESS_NEW, true); // a wrong guess: the key had a record
        assertEquals(Plan.READ_KNOWN, known.plan("b"), "a key a wrong guess found is known since");
        known.existed("c", Plan.GUESS_NEW, false);
        assertEquals(Plan.GUESS_NEW, known.plan("c"), "a guess that held remembers nothing by itself (the commit does)");

        assertEquals(2, known.knownCount());
        assertEquals(1, known.guessesWrong());
        assertEquals(1, known.guessesHeld());
    }

    @Test
    void theTableHoldsNoMoreThanItsSlotsAndTheLastKeyRemembered() {
        KnownKeys known = new KnownKeys(true, 4); // one bucket
        assertEquals(4, known.capacity());
        for (int i = 0; i < 100; i++) {
            known.remember("k" + i);
            assertEquals(Plan.READ_KNOWN, known.plan("k" + i), "k" + i);
        }
        int held = 0;
        for (int i = 0; i < 100; i++) {
            held += known.plan("k" + i) == Plan.READ_KNOWN ? 1 : 0;
        }
        assertTrue(held >= 1 && held <= 4, "held " + held);
    }

    @Test
    void mostOfTheLastHalfTableOfKeysStayKnown() {
        KnownKeys known = new KnownKeys(true, 1 << 12);
        int keys = known.capacity() / 2;
        for (int i = 0; i < keys; i++) {
            known.remember("doc-" + i);
        }
        int held = 0;
        for (int i = 0; i < keys; i++) {
            held += known.plan("doc-" + i) == Plan.READ_KNOWN ? 1 : 0;
        }
        assertTrue(held > keys * 9 / 10, held + " of " + keys);
    }

    @Test
    void guessingStopsAtTheFirstExistingKeyPastTheLimitNotAtTheWindowsEnd() {
        KnownKeys known = new KnownKeys(true, 1 << 16);
        for (int i = 0; i < KnownKeys.SUSPEND_ABOVE_PER_WINDOW; i++) {
            known.existed("o" + i, Plan.GUESS_NEW, true);
            assertFalse(known.suspended());
        }
        known.existed("o-last", Plan.GUESS_NEW, true);
        assertTrue(known.suspended(), "after " + (KnownKeys.SUSPEND_ABOVE_PER_WINDOW + 1) + " wrong guesses, not " + KnownKeys.WINDOW);
        assertEquals(KnownKeys.SUSPEND_ABOVE_PER_WINDOW + 1, known.guessesWrong());
    }

    @Test
    void guessingStopsWhileTooManyUnknownKeysExistedAndResumesWhenTheyAreNewAgain() {
        KnownKeys known = new KnownKeys(true, 1 << 16);
        window(known, KnownKeys.SUSPEND_ABOVE_PER_WINDOW, "a"); // at the limit: guessing goes on
        assertFalse(known.suspended());
        assertEquals(Plan.GUESS_NEW, known.plan("fresh-1"));

        window(known, KnownKeys.SUSPEND_ABOVE_PER_WINDOW + 1, "b");
        assertTrue(known.suspended());
        assertEquals(Plan.READ_UNKNOWN, known.plan("fresh-2"), "unknown keys are read first");

        // The reads of unknown keys count as the guesses they replace: a window of new keys resumes the guessing.
        for (int i = 0; i < KnownKeys.WINDOW - 1; i++) {
            known.existed("c" + i, Plan.READ_UNKNOWN, false);
            assertTrue(known.suspended());
        }
        known.existed("c-last", Plan.READ_UNKNOWN, false);
        assertFalse(known.suspended());
        assertEquals(Plan.GUESS_NEW, known.plan("fresh-3"));
        assertEquals(1, known.unknownRead());
    }

    @Test
    void aKnownKeysReadSaysNothingAboutGuesses() {
        KnownKeys known = new KnownKeys(true, 1024);
        for (int i = 0; i < 3 * KnownKeys.WINDOW; i++) {
            known.existed("k" + i, Plan.READ_KNOWN, true);
        }
        assertFalse(known.suspended());
        assertEquals(0, known.guessesWrong());
    }

    @Test
    void switchedOffEveryUnknownKeyIsRead() {
        KnownKeys off = new KnownKeys(false, 1024);
        assertEquals(Plan.READ_UNKNOWN, off.plan("a"));
        off.remember("a");
        assertEquals(Plan.READ_KNOWN, off.plan("a"));
        assertEquals(Plan.READ_UNKNOWN, KnownKeys.none().plan("a"));
    }

    @Test
    void theSizeIsRoundedUpToAPowerOfTwoAndBounded() {
        assertEquals(1024, new KnownKeys(true, 1000).capacity());
        assertEquals(KnownKeys.WAYS, new KnownKeys(true, 1).capacity());
        assertThrows(IllegalArgumentException.class, () -> new KnownKeys(true, 0));
        assertThrows(IllegalArgumentException.class, () -> new KnownKeys(true, KnownKeys.MAX_SLOTS + 1));
    }

    /** One window of unknown keys' outcomes, its last {@code existing} with a record. */
    private static void window(KnownKeys known, int existing, String prefix) {
        for (int i = 0; i < KnownKeys.WINDOW; i++) {
            known.existed(prefix + i, Plan.GUESS_NEW, i >= KnownKeys.WINDOW - existing);
        }
    }
}
