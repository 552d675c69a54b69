package io.hybridstore.common.catalogue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ObjectMetadata;
import java.math.BigDecimal;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A record's secondary index entries ({@link IndexKeys}), and what a write must put and delete so
 * that the index matches the new record. Pure: the metadata stores add {@link Change}'s keys to the
 * very transaction that writes the record, guarded like it, so no reader sees one without the other.
 *
 * <p>Tombstones have no entries: a deleted object is never listed. Entries derive from the record
 * alone (its indexed hot values travel in it), so the gateway, the healer and the rebuild agree.
 */
public final class IndexEntries {

    /** Tags one object may carry: with the fixed entries and indexed fields, an overwrite stays under etcd's 128 operations per transaction. */
    public static final int MAX_TAGS = 32;

    private IndexEntries() {
    }

    public static SortedSet<String> of(ObjectMetadata record) {
        SortedSet<String> entries = new TreeSet<>(KeyOrder.UTF8);
        if (record == null || record.deleted()) {
            return entries;
        }
        if (record.labels().tags().size() > MAX_TAGS) {
            throw new StoreException(ErrorCode.BAD_REQUEST, "tags: at most " + MAX_TAGS + " per object, "
                    + record.key() + " has " + record.labels().tags().size());
        }
        String key = record.key();
        entries.add(IndexKeys.valuePrefix(IndexKeys.KIND, ObjectFacts.kind(record)) + key);
        entries.add(IndexKeys.valuePrefix(IndexKeys.STATE, ObjectFacts.state(record)) + key);
        entries.add(IndexKeys.valuePrefix(IndexKeys.TYPE, ObjectFacts.contentType(record)) + key);
        entries.add(IndexKeys.SIZE + IndexKeys.sortableLong(ObjectFacts.size(record)) + "/" + key);
        entries.add(IndexKeys.MODIFIED + IndexKeys.sortableLong(ObjectFacts.modified(record)) + "/" + key);
        for (String tag : record.labels().tags()) {
            entries.add(IndexKeys.valuePrefix(IndexKeys.TAG, tag) + key);
        }
        for (Map.Entry<String, String> field : record.indexedFields().entrySet()) {
            entries.add(IndexKeys.fieldPrefix(field.getKey(), field.getValue()) + key);
            BigDecimal number = IndexedFields.number(field.getValue());
            String sortable = number == null ? null : IndexKeys.sortableNumber(number);
            if (sortable != null) {
                entries.add(IndexKeys.numberFamily(field.getKey()) + sortable + "/" + key);
            }
        }
        return entries;
    }

    /** What turns the entries of {@code before} (null when there was no record) into those of {@code after}. */
    public static Change change(ObjectMetadata before, ObjectMetadata after) {
        SortedSet<String> old = of(before);
        SortedSet<String> now = of(after);
        SortedSet<String> puts = new TreeSet<>(now);
        puts.removeAll(old);
        SortedSet<String> deletes = new TreeSet<>(old);
        deletes.removeAll(now);
        return new Change(puts, deletes);
    }

    /** Index keys (relative to the index prefix) to put with an empty value, and to delete. */
    public record Change(SortedSet<String> puts, SortedSet<String> deletes) {

        public int operations() {
            return puts.size() + deletes.size();
        }
    }
}
