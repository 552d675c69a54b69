package io.hybridstore.common.catalogue;

import io.hybridstore.common.catalogue.IndexPlanner.Probe;
import io.hybridstore.common.catalogue.IndexPlanner.Source;
import io.hybridstore.common.catalogue.IndexPlanner.Span;
import io.hybridstore.common.catalogue.IndexPlanner.Values;
import io.hybridstore.common.spi.MetadataStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Object keys of one {@link Source}, in key order, after the listing's cursor and under its
 * prefix: what a filtered page walks. Reads the index in batches as it goes.
 */
abstract sealed class KeyStream {

    /** The next key without taking it, or null when there is none. */
    abstract String peek();

    abstract void pop();

    /** What the first batch showed, for {@link IndexPlanner#choose}; null when the source cannot serve. */
    abstract Probe probe();

    /**
     * @param probe entries the first read (the probe) asks for
     * @param batch entries each later read asks for
     */
    static KeyStream open(MetadataStore store, Source source, String objectPrefix, String after, int probe, int batch) {
        return switch (source) {
            case Values values -> values.valuePrefixes().size() == 1
                    ? new ValueWalk(store, values, values.valuePrefixes().get(0), objectPrefix, after, probe, batch)
                    : new Union(values, values.valuePrefixes().stream()
                            .map(p -> (KeyStream) new ValueWalk(store, values, p, objectPrefix, after, probe, batch)).toList());
            case Span span -> SpanSet.read(store, span, objectPrefix, after);
        };
    }

    /** The entries of one indexed value, read {@code batch} at a time. */
    static final class ValueWalk extends KeyStream {
        private final MetadataStore store;
        private final Source source;
        private final String valuePrefix;
        private final String prefix;
        private final int probeSize;
        private final int batch;
        private final Deque<String> buffer = new ArrayDeque<>();
        private ScanStart next;
        private boolean done;
        private int firstCount = -1;
        private String firstReach;

        ValueWalk(MetadataStore store, Source source, String valuePrefix, String objectPrefix, String after, int probeSize, int batch) {
            this.store = store;
            this.source = source;
            this.valuePrefix = valuePrefix;
            this.prefix = valuePrefix + objectPrefix;
            this.probeSize = probeSize;
            this.batch = batch;
            this.next = after == null ? ScanStart.at(prefix) : ScanStart.after(valuePrefix + after);
        }

        @Override
        String peek() {
            if (buffer.isEmpty() && !done) {
                int asked = firstCount < 0 ? probeSize : batch;
                List<String> entries = store.indexEntries(prefix, next, asked);
                done = entries.size() < asked;
                entries.forEach(e -> buffer.add(e.substring(valuePrefix.length())));
                if (!entries.isEmpty()) {
                    next = ScanStart.after(entries.get(entries.size() - 1));
                }
                if (firstCount < 0) {
                    firstCount = entries.size();
                    firstReach = buffer.peekLast();
                }
            }
            return buffer.peekFirst();
        }

        @Override
        void pop() {
            buffer.pollFirst();
        }

        @Override
        Probe probe() {
            peek();
            return new Probe(source, firstCount < probeSize, firstCount, firstReach);
        }
    }

    /** Several value walks merged: "any of" these values. */
    static final class Union extends KeyStream {
        private final Source source;
        private final List<KeyStream> members;

        Union(Source source, List<KeyStream> members) {
            this.source = source;
            this.members = members;
        }

        @Override
        String peek() {
            String least = null;
            for (KeyStream member : members) {
                String head = member.peek();
                if (head != null && (least == null || KeyOrder.compare(head, least) < 0)) {
                    least = head;
                }
            }
            return least;
        }

        @Override
        void pop() {
            String least = peek();
            for (KeyStream member : members) {
                if (least != null && least.equals(member.peek())) {
                    member.pop(); // a key in several values is listed once
                }
            }
        }

        @Override
        Probe probe() {
            boolean exhausted = true;
            int count = 0;
            String reach = null;
            for (KeyStream member : members) {
                Probe probe = member.probe();
                count += probe.count();
                if (!probe.exhausted()) {
                    exhausted = false;
                    // The union is only known to be this dense up to where its densest member's batch ended.
                    reach = reach == null || KeyOrder.compare(probe.reach(), reach) < 0 ? probe.reach() : reach;
                }
            }
            return new Probe(source, exhausted, count, reach);
        }
    }

    /** A numeric range's entries, read whole and sorted by key; unusable past {@link IndexPlanner#SPAN_CAP}. */
    static final class SpanSet extends KeyStream {
        private static final int READ = 500;
        private final Span span;
        private final Deque<String> keys;

        private SpanSet(Span span, Deque<String> keys) {
            this.span = span;
            this.keys = keys;
        }

        static KeyStream read(MetadataStore store, Span span, String objectPrefix, String after) {
            List<String> found = new ArrayList<>();
            ScanStart start = ScanStart.at(span.family() + (span.low() == null ? "" : span.low()));
            String highEnd = span.high() == null ? null : span.family() + span.high() + "/";
            int read = 0;
            while (true) {
                List<String> entries = store.indexEntries(span.family(), start, READ);
                for (String entry : entries) {
                    if (highEnd != null && KeyOrder.compare(entry, highEnd) > 0 && !entry.startsWith(highEnd)) {
                        return complete(span, found, objectPrefix, after);
                    }
                    if (++read > IndexPlanner.SPAN_CAP) {
                        return new SpanSet(span, null);
                    }
                    found.add(IndexKeys.objectKeyOf(entry));
                }
                if (entries.size() < READ) {
                    return complete(span, found, objectPrefix, after);
                }
                start = ScanStart.after(entries.get(entries.size() - 1));
            }
        }

        private static KeyStream complete(Span span, List<String> found, String objectPrefix, String after) {
            Deque<String> keys = new ArrayDeque<>(found.stream()
                    .filter(k -> k.startsWith(objectPrefix) && (after == null || KeyOrder.compare(k, after) > 0))
                    .distinct()
                    .sorted(Comparator.comparing(k -> k, KeyOrder.UTF8))
                    .toList());
            return new SpanSet(span, keys);
        }

        @Override
        String peek() {
            return keys == null ? null : keys.peekFirst();
        }

        @Override
        void pop() {
            keys.pollFirst();
        }

        @Override
        Probe probe() {
            return keys == null ? null : new Probe(span, true, keys.size(), keys.peekLast());
        }
    }
}
