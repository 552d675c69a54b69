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
 *
 * <p>Two families are sparse, because every entry is an operation in each write's transaction and
 * the small-document write must not slow by more than 10 % with the indexes on (issue 15): the
 * state of nearly every object, {@code clean}, has no entry ({@link #stateIndexed}), and a
 * document whose content type is JSON has no type entry ({@link #typeImplied}); so a new clean
 * document writes 3 fixed entries, not 5. A filter on such a value is served otherwise
 * ({@link IndexPlanner#candidates}): {@code state=clean} by the record walk, which is what its
 * density asks for anyway, and {@code type=application/json} by the documents' kind entries beside
 * the JSON blobs' type entries. Stores written before kept those entries: they are orphans to
 * {@link IndexAudit}, read by no filter but the JSON type's, whose record check drops any that lie.
 */
public final class IndexEntries {

    /** Tags one object may carry: with the fixed entries and indexed fields, an overwrite stays under etcd's 128 operations per transaction. */
    public static final int MAX_TAGS = 32;

    /** The one state without entries: nearly every object's, so an index of it would be walked past anyway. */
    public static final String UNINDEXED_STATE = "clean";

    private IndexEntries() {
    }

    /** Whether objects in {@code state} ({@link ObjectFacts#state}) carry a state entry. */
    public static boolean stateIndexed(String state) {
        return !UNINDEXED_STATE.equals(state);
    }

    /**
     * Whether {@code entry} is of a value whose entries this version no longer writes for every object: a
     * {@code clean} state, a JSON type. Such an entry not implied by its record (an orphan to {@link IndexAudit})
     * is most likely one a store written before the sparse families kept; the rebuild removes it either way.
     */
    public static boolean retired(String entry) {
        return entry.startsWith(IndexKeys.valuePrefix(IndexKeys.STATE, UNINDEXED_STATE))
                || entry.startsWith(IndexKeys.valuePrefix(IndexKeys.TYPE, ObjectFacts.JSON));
    }

    /** Whether an object of {@code kind} with {@code contentType} goes without a type entry: a JSON document, found by its kind entry. */
    public static boolean typeImplied(String kind, String contentType) {
        return ObjectFacts.DOCUMENT.equals(kind) && ObjectFacts.JSON.equals(contentType);
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
        String kind = ObjectFacts.kind(record);
        entries.add(IndexKeys.valuePrefix(IndexKeys.KIND, kind) + key);
        String state = ObjectFacts.state(record);
        if (stateIndexed(state)) {
            entries.add(IndexKeys.valuePrefix(IndexKeys.STATE, state) + key);
        }
        String type = ObjectFacts.contentType(record);
        if (!typeImplied(kind, type)) {
            entries.add(IndexKeys.valuePrefix(IndexKeys.TYPE, type) + key);
        }
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
        SortedSet<String> now = of(after);
        if (before == null || before.deleted()) { // a first write (the common one): nothing to compare with
            return new Change(now, new TreeSet<>(KeyOrder.UTF8));
        }
        SortedSet<String> old = of(before);
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
