package io.hybridstore.gateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UsageFolderTest {

    @Test
    void foldsAgainAtOnceOnlyAfterAFoldNearATransactionsCapacity() {
        int atOnce = 0;
        for (int folded = 0; folded <= UsageFolder.BATCH; folded++) {
            if (UsageFolder.foldAgainAtOnce(folded)) {
                atOnce++;
            }
        }
        // 0..31 rest (nothing, or the few deltas that came in meanwhile); 32..100 fold again.
        assertEquals(UsageFolder.BATCH - UsageFolder.FULL_FOLD + 1, atOnce);
        assertFalse(UsageFolder.foldAgainAtOnce(0), "an empty fold rests");
        assertFalse(UsageFolder.foldAgainAtOnce(5), "a small fold rests: the next one takes a transaction's worth");
        assertTrue(UsageFolder.foldAgainAtOnce(41), "a full fold of new documents' deltas (3 operations each) goes on");
    }

    @Test
    void aFullFoldOfNewDocumentsFitsEtcdsOperationLimit() {
        // The marker, the root's and two prefixes' totals, then 3 operations per new document's delta.
        int operations = 1 + 3 + 3 * UsageFolder.FULL_FOLD;
        assertTrue(operations <= 128, operations + " operations");
    }
}
