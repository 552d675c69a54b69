package io.hybridstore.common.catalogue;

import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.MetadataStore.Stored;
import java.util.ArrayList;
import java.util.List;

/**
 * Key-ordered listing over the records themselves: the metadata store's object keys are an
 * ordered index already, so a page reads a range from the page's start, never every object.
 * A delimiter listing jumps past each common prefix ({@link ScanStart#pastPrefix}) instead of
 * walking its children; tombstones are read past and never listed. A filtered listing walks a
 * secondary index instead ({@link FilteredListing}). Pure: only the
 * {@link MetadataStore} SPI, so one test runs it against etcd and the in-memory fake.
 */
public final class Catalogue {

    /** Records asked for per range read: a page plus the next item, so most pages take one read. */
    private static final int EXTRA = 1;

    private final MetadataStore store;

    public Catalogue(MetadataStore store) {
        this.store = store;
    }

    public ListPage list(ListQuery query) {
        if (!query.filter().isAll()) {
            return new FilteredListing(store, query).page();
        }
        Page page = new Page(query);
        ScanStart start = firstStart(query);
        while (true) {
            List<Stored> batch = store.scan(query.prefix(), start, query.limit() + EXTRA);
            for (Stored stored : batch) {
                if (!page.accept(stored)) {
                    return page.result(true);
                }
            }
            if (batch.size() < query.limit() + EXTRA) {
                return page.result(false);
            }
            start = page.resumeFrom(batch.get(batch.size() - 1).metadata().key());
        }
    }

    private static ScanStart firstStart(ListQuery query) {
        String after = query.startAfter();
        if (after == null || KeyOrder.compare(after, query.prefix()) < 0) {
            return ScanStart.at(query.prefix());
        }
        String rolled = rollUp(query, after);
        // A cursor that is itself a common prefix: its children were listed as that prefix.
        return after.equals(rolled) ? ScanStart.pastPrefix(rolled) : ScanStart.after(after);
    }

    /** The common prefix {@code key} rolls up into under the query's delimiter, or null. */
    static String rollUp(ListQuery query, String key) {
        if (query.delimiter() == null || !key.startsWith(query.prefix())) {
            return null;
        }
        int at = key.indexOf(query.delimiter(), query.prefix().length());
        return at < 0 ? null : key.substring(0, at + query.delimiter().length());
    }

    /** The items of one page as they are found, in key order. */
    private static final class Page {
        private final ListQuery query;
        private final List<Stored> objects = new ArrayList<>();
        private final List<String> prefixes = new ArrayList<>();
        private String lastItem;
        private String currentPrefix;

        Page(ListQuery query) {
            this.query = query;
        }

        /** Takes one record in key order; false once the page is full and another item exists. */
        boolean accept(Stored stored) {
            String key = stored.metadata().key();
            if (currentPrefix != null && key.startsWith(currentPrefix)) {
                return true; // inside a common prefix already listed
            }
            if (stored.metadata().deleted()) {
                return true; // a tombstone is not listed and does not make a common prefix by itself
            }
            String rolled = rollUp(query, key);
            if (objects.size() + prefixes.size() == query.limit()) {
                return false; // full, and this record is a next item
            }
            if (rolled != null) {
                currentPrefix = rolled;
                prefixes.add(rolled);
                lastItem = rolled;
            } else {
                objects.add(stored);
                lastItem = key;
            }
            return true;
        }

        /** Where the next range read starts when a batch ends without filling the page. */
        ScanStart resumeFrom(String lastKeyRead) {
            return currentPrefix != null && lastKeyRead.startsWith(currentPrefix)
                    ? ScanStart.pastPrefix(currentPrefix)
                    : ScanStart.after(lastKeyRead);
        }

        ListPage result(boolean more) {
            return new ListPage(objects, prefixes, more ? lastItem : null);
        }
    }
}
