package io.hybridstore.common.repair;

import io.hybridstore.common.spi.MetadataStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Removes stripe pages no record names: what a writer leaves when it dies between putting a large
 * record's pages and its commit (otherwise only the key's next large write or delete clears them).
 * Each pass reads up to {@code perPass} of the keys with pages stored, resuming where the last pass
 * stopped, and sweeps those whose pages were last put more than {@code grace} ago (younger ones may
 * belong to a write about to commit, which a sweep would only send round again). The store's sweep
 * is safe at any time: it deletes only what the record does not name, guarded on the record.
 */
public final class PageSweeper {

    private static final System.Logger LOG = System.getLogger(PageSweeper.class.getName());

    private final MetadataStore store;
    private final Clock clock;
    private final Duration grace;
    private final int perPass;
    private String cursor;

    public PageSweeper(MetadataStore store, Clock clock, Duration grace, int perPass) {
        this.store = store;
        this.clock = clock;
        this.grace = grace;
        this.perPass = perPass;
    }

    /** One pass; returns how many pages it deleted. */
    public int sweep() {
        List<MetadataStore.PageOwner> owners = store.pageOwners(cursor, perPass);
        cursor = owners.size() < perPass ? null : owners.getLast().cursor(); // at the end: from the first again next time
        long cutoff = clock.millis() - grace.toMillis();
        int deleted = 0;
        for (MetadataStore.PageOwner owner : owners) {
            if (owner.putAtMillis() < cutoff) {
                int swept = store.sweepPages(owner.key());
                if (swept > 0) {
                    LOG.log(System.Logger.Level.INFO, "deleted " + swept + " stripe pages of " + owner.key() + " that no record names");
                }
                deleted += swept;
            }
        }
        return deleted;
    }
}
