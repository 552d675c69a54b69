package io.hybridstore.gateway.replay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.Version;
import org.junit.jupiter.api.Test;

class RecentCommitsTest {

    @Test
    void remembersWhatWasCommittedAndForgetsTheOldestPastItsCapacity() {
        RecentCommits recent = new RecentCommits(3);
        assertFalse(recent.contains(new Version(0, 1)));
        for (long offset = 1; offset <= 4; offset++) {
            recent.committed(new Version(0, offset));
        }
        assertFalse(recent.contains(new Version(0, 1)), "the oldest of 4 went");
        for (long offset = 2; offset <= 4; offset++) {
            assertTrue(recent.contains(new Version(0, offset)));
        }
        assertFalse(recent.contains(new Version(1, 4)), "another partition's offset 4 is another version");
    }

    @Test
    void capacityMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new RecentCommits(0));
    }
}
