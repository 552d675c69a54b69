package io.hybridstore.io.etcd;

import static io.hybridstore.io.etcd.EtcdConnection.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import io.hybridstore.io.etcd.EtcdCommitCoalescer.Commit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the coalescer relies on, on a real etcd: commits nested in one request land or fail each on its own guard. */
class EtcdCommitCoalescerEtcdTest {

    @RegisterExtension
    static final TestEtcd ETCD = new TestEtcd("/commits");

    @Test
    void oneFailingCompareFailsOnlyItsOwnCommit() throws Exception {
        KV kv = ETCD.connection().client().getKVClient();
        kv.put(bytes("/commits/taken"), ByteSequence.from(new byte[] {1})).get(5, TimeUnit.SECONDS);
        List<Commit> batch = List.of(create("a"), create("taken"), create("b"));
        List<Boolean> held = EtcdCommitCoalescer.nested(kv).send(batch).get(5, TimeUnit.SECONDS);
        assertEquals(List.of(true, false, true), held);
        assertEquals("new", value("a"));
        assertEquals("new", value("a-index"), "each landed commit's every operation applied");
        assertEquals("\u0001", value("taken"), "the failed commit changed nothing");
        assertEquals(null, value("taken-index"));
        assertEquals("new", value("b"));
    }

    @Test
    void concurrentCommitsThroughTheCoalescerEachLandOnce() throws Exception {
        KV kv = ETCD.connection().client().getKVClient();
        EtcdCommitCoalescer coalescer = new EtcdCommitCoalescer(EtcdCommitCoalescer.nested(kv), 1, Duration.ofSeconds(5));
        List<CompletableFuture<Boolean>> first = new ArrayList<>();
        List<CompletableFuture<Boolean>> second = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            first.add(coalescer.submit(create("c" + i)));
            second.add(coalescer.submit(create("c" + i))); // the same key again: exactly one of the two lands
        }
        for (int i = 0; i < 50; i++) {
            assertTrue(first.get(i).get(5, TimeUnit.SECONDS) ^ second.get(i).get(5, TimeUnit.SECONDS), "c" + i);
            assertEquals("new", value("c" + i));
        }
    }

    /**
     * The limit the coalescer packs by, as etcd applies its default --max-txn-ops (128) to nested
     * transactions: N of them, each with at most 128 - N operations (and compares). 122 commits of
     * 6 puts fill a request exactly; one more commit is refused as a whole, and nothing of it applied.
     */
    @Test
    void etcdTakesNNestedCommitsOfUpTo128MinusNOperationsEachAndRefusesOneMore() throws Exception {
        KV kv = ETCD.connection().client().getKVClient();
        List<Commit> full = wide("full", 122, 6);
        assertEquals(128, full.size() + full.stream().mapToInt(Commit::width).max().orElseThrow());
        List<Boolean> held = EtcdCommitCoalescer.nested(kv).send(full).get(10, TimeUnit.SECONDS);
        assertEquals(122, held.stream().filter(Boolean::booleanValue).count());
        assertEquals("new", value("full121-5"));

        List<Commit> over = wide("over", 123, 6);
        var refused = assertThrows(ExecutionException.class, () -> EtcdCommitCoalescer.nested(kv).send(over).get(10, TimeUnit.SECONDS));
        assertTrue(String.valueOf(refused.getCause().getMessage()).contains("too many operations"), refused.getCause().toString());
        assertEquals(null, value("over0"), "refused whole: nothing applied");
    }

    /** {@code count} commits, each creating its key guarded on its absence and {@code puts} - 1 more keys. */
    private static List<Commit> wide(String prefix, int count, int puts) {
        List<Commit> commits = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ByteSequence k = bytes("/commits/" + prefix + i);
            Op[] ops = new Op[puts];
            ops[0] = Op.put(k, ByteSequence.from("new".getBytes()), PutOption.DEFAULT);
            for (int j = 1; j < puts; j++) {
                ops[j] = Op.put(bytes("/commits/" + prefix + i + "-" + j), ByteSequence.from("new".getBytes()), PutOption.DEFAULT);
            }
            commits.add(new Commit(prefix + i, new Cmp[] {new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0))}, ops));
        }
        return commits;
    }

    /** "Create {key} and its index entry if {key} does not exist", as a first commit of a record is guarded. */
    private static Commit create(String key) {
        ByteSequence k = bytes("/commits/" + key);
        return new Commit(key, new Cmp[] {new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0))}, new Op[] {
                Op.put(k, ByteSequence.from("new".getBytes()), PutOption.DEFAULT),
                Op.put(bytes("/commits/" + key + "-index"), ByteSequence.from("new".getBytes()), PutOption.DEFAULT)});
    }

    private static String value(String key) throws Exception {
        var kvs = ETCD.connection().client().getKVClient().get(bytes("/commits/" + key)).get(5, TimeUnit.SECONDS).getKvs();
        return kvs.isEmpty() ? null : kvs.get(0).getValue().toString();
    }
}
