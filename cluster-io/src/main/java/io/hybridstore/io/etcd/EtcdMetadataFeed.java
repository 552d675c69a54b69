package io.hybridstore.io.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.record.RecordCodec;
import io.hybridstore.common.spi.MetadataFeed;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The object records from etcd: a paged range read of {@code {prefix}/objects/} pinned to the
 * revision of its first page (one consistent snapshot however many pages), then a watch on the
 * prefix from the next revision, so no change between the two is missed. When the watch ends (etcd
 * compacted past it, the connection broke, etcd restarted) the feed starts over with a new scan.
 *
 * <p>The scan is the cost: one read of every record per start (the healer's full scan reads them
 * all every cycle too). After it, a change costs one watch event.
 */
public final class EtcdMetadataFeed implements MetadataFeed {

    private static final Logger LOG = Logger.getLogger(EtcdMetadataFeed.class);
    private static final int PAGE = 500;
    private static final long RETRY_MILLIS = 1_000;

    private final EtcdConnection etcd;
    private final EtcdStripePages pages;

    public EtcdMetadataFeed(EtcdConnection etcd) {
        this.etcd = etcd;
        this.pages = new EtcdStripePages(etcd);
    }

    @Override
    public AutoCloseable follow(Listener listener) {
        Follower follower = new Follower(listener);
        Thread thread = Thread.ofPlatform().name("metadata-feed").daemon().start(follower::run);
        return () -> {
            follower.closed = true;
            thread.interrupt();
        };
    }

    private final class Follower {
        private final Listener listener;
        private final String prefix = etcd.keys().objectsPrefix();
        private volatile boolean closed;

        Follower(Listener listener) {
            this.listener = listener;
        }

        void run() {
            while (!closed) {
                try {
                    long revision = scan();
                    watchFrom(revision + 1);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (closed) {
                        return;
                    }
                    LOG.warnf("metadata feed: %s; starting over in %d ms", e.getMessage(), RETRY_MILLIS);
                    try {
                        Thread.sleep(RETRY_MILLIS);
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        }

        /** Delivers every record as of one revision; returns it. */
        private long scan() {
            listener.reset();
            ByteSequence end = EtcdMetadataStore.prefixEnd(prefix);
            byte[] from = prefix.getBytes(StandardCharsets.UTF_8);
            long revision = 0; // 0 = latest, for the first page only
            while (!closed) {
                GetOption.Builder page = GetOption.builder().withRange(end).withLimit(PAGE);
                if (revision != 0) {
                    page.withRevision(revision);
                }
                GetResponse response = etcd.await(etcd.client().getKVClient().get(ByteSequence.from(from), page.build()),
                        "scan objects for the console");
                if (revision == 0) {
                    revision = response.getHeader().getRevision();
                }
                response.getKvs().forEach(this::deliver);
                if (!response.isMore() || response.getKvs().isEmpty()) {
                    break;
                }
                byte[] last = response.getKvs().get(response.getKvs().size() - 1).getKey().getBytes();
                from = Arrays.copyOf(last, last.length + 1); // strictly after the last key: key + NUL
            }
            listener.synced();
            return revision;
        }

        /**
         * Events are applied on this thread, in order, not on the watch callback's: that is jetcd's event
         * loop, and reading a paged record's pages there would wait on the loop that must deliver the answer.
         */
        private void watchFrom(long revision) throws InterruptedException {
            CompletableFuture<Throwable> ended = new CompletableFuture<>();
            BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
            WatchOption option = WatchOption.builder().withRange(EtcdMetadataStore.prefixEnd(prefix)).withRevision(revision).build();
            try (Watch.Watcher ignored = etcd.client().getWatchClient().watch(EtcdConnection.bytes(prefix), option,
                    Watch.listener(response -> events.addAll(response.getEvents()), ended::complete,
                            () -> ended.complete(new IllegalStateException("watch closed by etcd"))))) {
                while (!closed) {
                    WatchEvent event = events.poll(1, TimeUnit.SECONDS);
                    if (event != null) {
                        apply(event);
                    } else if (ended.isDone()) {
                        Throwable cause = ended.join();
                        throw new IllegalStateException("watch ended: " + cause.getMessage(), cause);
                    }
                }
            }
        }

        private void apply(WatchEvent event) {
            if (event.getEventType() == WatchEvent.EventType.DELETE) {
                listener.removed(etcd.keys().objectKeyOf(EtcdConnection.text(event.getKeyValue().getKey())));
            } else if (event.getEventType() == WatchEvent.EventType.PUT) {
                deliver(event.getKeyValue());
            }
        }

        private void deliver(KeyValue kv) {
            try {
                // The same decoding as the metadata store's: compact records, and older JSON ones.
                String key = etcd.keys().objectKeyOf(EtcdConnection.text(kv.getKey()));
                Map<String, byte[]> named = pages.read(key, kv.getValue().getBytes());
                if (named == null) {
                    return; // a later write replaced the record and its pages: its own event follows
                }
                listener.put(RecordCodec.decode(key, kv.getValue().getBytes(), named));
            } catch (StoreException | IllegalArgumentException | NullPointerException e) {
                // One unreadable record must not stop the console; the healer's scan reports it too.
                LOG.warnf("metadata feed: skipping unreadable record %s: %s", EtcdConnection.text(kv.getKey()), e.getMessage());
            }
        }
    }
}
