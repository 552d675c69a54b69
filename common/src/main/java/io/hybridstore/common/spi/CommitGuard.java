package io.hybridstore.common.spi;

import java.util.function.BooleanSupplier;

/**
 * A condition a record's commit holds on, checked by the metadata store in the same atomic step as
 * the write ({@link MetadataStore#commitIfNewer(io.hybridstore.common.model.ObjectMetadata, java.util.Optional, CommitGuard)}).
 * An S3 completion commits its object only while its upload's record exists: an abort that removed
 * the part records first (so the healer's GC may no longer count their chunks) makes the completion
 * fail instead of committing an object over chunks that may be collected. The store that owns the
 * condition makes the guard ({@link MultipartStore#completionGuard}); a metadata store applies the kinds it can check.
 */
public sealed interface CommitGuard {

    /** Holds while {@code key}, a full cluster key ({@link io.hybridstore.common.model.ClusterKeys}), exists: etcd compares it in the commit's transaction. */
    record KeyExists(String key) implements CommitGuard {
    }

    /** Holds as its owner decides, under the owner's own lock (the in-memory stores, which share no transaction). */
    non-sealed interface Held extends CommitGuard {

        /** Runs {@code commit} only while the condition holds, so nothing that ends it runs meanwhile; false (not run) when it does not hold. */
        boolean commitWhileHeld(BooleanSupplier commit);
    }
}
