package io.hybridstore.io.etcd;

import static io.hybridstore.io.etcd.EtcdConnection.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.hybridstore.common.model.ClusterKeys;
import io.hybridstore.common.model.record.RecordCodec;
import io.hybridstore.common.spi.MetadataStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The stripe pages of records too large for one etcd value ({@link RecordCodec#layout}), under
 * {@link ClusterKeys#stripePagesOf}. A page is put before the record that names it and deleted in the
 * transaction of the write that stops naming it, so a committed record always has its pages:
 * <ul>
 *   <li>a write puts its pages, then commits guarded on the record it read <em>and</em> on each of its
 *       pages existing; a page deleted in between (by a write that listed it as stale) fails the guard,
 *       and the write tries again;</li>
 *   <li>a write that replaces a paged record lists the key's pages and deletes, in its transaction,
 *       every one its new record does not name (the old record's, and any a lost write left);</li>
 *   <li>a reader reads the record, then its pages; a page gone meanwhile means a newer record replaced
 *       it, so the reader reads the record again.</li>
 * </ul>
 * Pages of one key are named by their content, so a rewrite (a healer repair moving one shard) puts
 * only the pages that changed. Beside them an owner mark ({@link ClusterKeys#pageOwner}) names the key,
 * which the directory's hash does not: with it the healer finds the pages of a writer that died
 * between its put and its commit, and {@link #sweep}s them.
 */
final class EtcdStripePages {

    private final EtcdConnection etcd;
    private final ClusterKeys keys;
    private final KV kv;

    EtcdStripePages(EtcdConnection etcd) {
        this.etcd = etcd;
        this.keys = etcd.keys();
        this.kv = etcd.client().getKVClient();
    }

    /** The pages a stored record names, by id; null when one is missing (a later write replaced the record). */
    Map<String, byte[]> read(String key, byte[] stored) {
        List<String> ids = RecordCodec.pageIds(key, stored);
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, CompletableFuture<GetResponse>> reads = new HashMap<>();
        ids.forEach(id -> reads.put(id, kv.get(bytes(keys.stripePage(key, id)))));
        Map<String, byte[]> pages = new HashMap<>();
        for (Map.Entry<String, CompletableFuture<GetResponse>> read : reads.entrySet()) {
            GetResponse response = etcd.await(read.getValue(), "get a stripe page of " + key);
            if (response.getKvs().isEmpty()) {
                return null;
            }
            pages.put(read.getKey(), response.getKvs().get(0).getValue().getBytes());
        }
        return pages;
    }

    /** The ids of the pages stored for {@code key} (keys only, one range read). */
    Set<String> list(String key) {
        String dir = keys.stripePagesOf(key);
        GetResponse response = etcd.await(kv.get(bytes(dir), GetOption.builder().withRange(EtcdMetadataStore.prefixEnd(dir))
                .withKeysOnly(true).build()), "list the stripe pages of " + key);
        Set<String> ids = new LinkedHashSet<>();
        response.getKvs().forEach(k -> ids.add(EtcdConnection.text(k.getKey()).substring(dir.length())));
        return ids;
    }

    /**
     * Puts the pages not {@code present} already, all at once, with the key's owner mark (its
     * time refreshed, so the healer's sweep leaves a write in progress alone); true when any page
     * was put.
     */
    boolean putMissing(String key, List<RecordCodec.Page> pages, Set<String> present) {
        if (pages.isEmpty()) {
            return false;
        }
        List<CompletableFuture<PutResponse>> puts = new ArrayList<>();
        puts.add(kv.put(bytes(keys.pageOwner(key)), bytes(System.currentTimeMillis() + " " + key)));
        boolean any = false;
        for (RecordCodec.Page page : pages) {
            if (!present.contains(page.id())) {
                puts.add(kv.put(bytes(keys.stripePage(key, page.id())), ByteSequence.from(page.bytes())));
                any = true;
            }
        }
        puts.forEach(p -> etcd.await(p, "put a stripe page of " + key));
        return any;
    }

    /** Up to {@code limit} owner marks after {@code afterCursor} (an owner mark's etcd key; null: from the first). */
    List<MetadataStore.PageOwner> owners(String afterCursor, int limit) {
        String prefix = keys.pageOwnersPrefix();
        String from = afterCursor == null ? prefix : afterCursor + "\0";
        return etcd.await(kv.get(bytes(from), GetOption.builder().withRange(EtcdMetadataStore.prefixEnd(prefix)).withLimit(limit)
                        .withSortField(GetOption.SortTarget.KEY).build()), "list stripe page owners")
                .getKvs().stream().map(k -> {
                    String mark = EtcdConnection.text(k.getValue());
                    int space = mark.indexOf(' ');
                    return new MetadataStore.PageOwner(EtcdConnection.text(k.getKey()), mark.substring(space + 1),
                            Long.parseLong(mark.substring(0, space)));
                }).toList();
    }

    /** A guard that the page exists. */
    Cmp exists(String key, String id) {
        return new Cmp(bytes(keys.stripePage(key, id)), Cmp.Op.GREATER, CmpTarget.createRevision(0));
    }

    Op delete(String key, String id) {
        return Op.delete(bytes(keys.stripePage(key, id)), DeleteOption.DEFAULT);
    }

    /**
     * Deletes the pages of {@code key} its current record does not name, guarded on that record not
     * changing: what a write that put pages and then lost its commit leaves. A write between its put and
     * its commit that this deletes from fails its own guard (its page no longer exists) and tries again.
     */
    int sweep(String key) {
        GetResponse head = etcd.await(kv.get(bytes(keys.object(key))), "get " + key);
        Set<String> stale = list(key);
        int stored = stale.size();
        Cmp guard;
        if (head.getKvs().isEmpty()) {
            guard = new Cmp(bytes(keys.object(key)), Cmp.Op.EQUAL, CmpTarget.createRevision(0));
        } else {
            stale.removeAll(RecordCodec.pageIds(key, head.getKvs().get(0).getValue().getBytes()));
            guard = new Cmp(bytes(keys.object(key)), Cmp.Op.EQUAL, CmpTarget.modRevision(head.getKvs().get(0).getModRevision()));
        }
        List<Op> ops = new ArrayList<>(stale.stream().limit(EtcdMetadataStore.MAX_TXN_OPS - 1).map(id -> delete(key, id)).toList());
        if (ops.size() == stored) { // no page left: the owner mark goes too (a write racing this puts it again with its pages)
            ops.add(Op.delete(bytes(keys.pageOwner(key)), DeleteOption.DEFAULT));
        } else if (ops.isEmpty()) {
            return 0; // the record names every page there is
        }
        // A record changed meanwhile: its write cleaned up the same way, or leaves it to the next one.
        boolean done = etcd.await(kv.txn().If(guard).Then(ops.toArray(Op[]::new)).commit(),
                "delete " + stale.size() + " stale stripe pages of " + key).isSucceeded();
        return done ? Math.min(stale.size(), EtcdMetadataStore.MAX_TXN_OPS - 1) : 0;
    }
}
