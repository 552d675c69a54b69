package io.hybridstore.gateway.replay;

import io.hybridstore.common.model.Version;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The WAL versions this gateway's live requests committed lately. Why: the replay reads every
 * record of the log (it cannot know which ones a live request finished) and, for each, asked etcd
 * whether its version was committed: one etcd read per write, on top of the write's own. A record
 * this very process committed needs no such read. Only a positive answer is trusted (a version not
 * here is looked up as before: after a restart, for another gateway's record, or once evicted), so
 * the set can be bounded and lossy without any risk to a write.
 */
public final class RecentCommits {

    private final Map<Version, Boolean> versions;

    /** @param capacity versions remembered, the oldest forgotten first (cover a few grace periods of writes) */
    public RecentCommits(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.versions = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Version, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The live request committed (or found committed) the record at {@code version}. */
    public synchronized void committed(Version version) {
        versions.put(version, Boolean.TRUE);
    }

    /** True when this gateway committed {@code version} lately; false means "not known here", not "not committed". */
    public synchronized boolean contains(Version version) {
        return versions.containsKey(version);
    }
}
