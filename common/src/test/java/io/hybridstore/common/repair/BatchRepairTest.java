package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.placement.RendezvousPlacement;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.spi.MetadataStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Many small repairs in a few batch requests, on the in-memory fakes: what is asked of each node, and what one failure costs. */
class BatchRepairTest {

    private final FakeCluster cluster = new FakeCluster(8);
    /** Every batch call as "read node-2 (5)" or "write node-4 (3)", and single-chunk calls apart. */
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<String> singleCalls = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> refuse = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final ChunkStore counting = new HealerTest.DelegatingChunkStore(cluster.chunks) {
        @Override
        public byte[] get(NodeInfo node, String chunkId) {
            singleCalls.add("get " + chunkId);
            return super.get(node, chunkId);
        }

        @Override
        public void put(NodeInfo node, String chunkId, byte[] data, String sha256Hex) {
            singleCalls.add("put " + chunkId);
            super.put(node, chunkId, data, sha256Hex);
        }

        @Override
        public List<GetOutcome> getAll(NodeInfo node, List<String> chunkIds) {
            calls.add("read " + node.id() + " (" + chunkIds.size() + ")");
            List<GetOutcome> outcomes = new ArrayList<>();
            for (String id : chunkIds) {
                try {
                    outcomes.add(GetOutcome.found(id, cluster.chunks.get(node, id)));
                } catch (StoreException e) {
                    if (e.code() == ErrorCode.UNAVAILABLE) {
                        throw e; // the whole request, as over HTTP
                    }
                    outcomes.add(GetOutcome.failed(id, e.code()));
                }
            }
            return outcomes;
        }

        @Override
        public List<PutOutcome> putAll(NodeInfo node, List<ChunkPut> puts) {
            calls.add("write " + node.id() + " (" + puts.size() + ")");
            List<PutOutcome> outcomes = new ArrayList<>();
            for (ChunkPut put : puts) {
                if (refuse.contains(put.chunkId())) {
                    outcomes.add(PutOutcome.failed(put.chunkId(), new StoreException(ErrorCode.INSUFFICIENT_STORAGE, "disk reserve")));
                } else {
                    cluster.chunks.put(node, put.chunkId(), put.data(), put.sha256Hex());
                    outcomes.add(PutOutcome.stored(put.chunkId()));
                }
            }
            return outcomes;
        }
    };
    private final BatchRepair batch = new BatchRepair(counting, new ByteRateLimiter(0, cluster.clock), new Reconstruction());

    private List<ObjectMetadata> write(int count) {
        List<ObjectMetadata> objects = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            objects.add(cluster.write(String.format("doc-%03d", i)));
        }
        return objects;
    }

    private Map<String, NodeInfo> live() {
        Map<String, NodeInfo> live = new LinkedHashMap<>();
        cluster.nodes.liveNodes().forEach(n -> live.put(n.id(), n));
        return live;
    }

    private List<RepairPlan> plan(List<ObjectMetadata> objects) throws InterruptedException {
        AuditFacts facts = new Auditor(cluster.chunks, 1000).audit(objects, live());
        RepairPlanner planner = new RepairPlanner(new RendezvousPlacement());
        List<RepairPlan> plans = new ArrayList<>();
        for (ObjectMetadata object : objects) {
            long revision = cluster.metadata.get(object.key()).map(MetadataStore.Stored::revision).orElseThrow();
            RepairPlan plan = planner.plan(object, revision, facts, cluster.nodes.liveNodes());
            if (!plan.noCopies()) {
                plans.add(plan);
            }
        }
        return plans;
    }

    @Test
    void aPageOfRepairsCostsOneBatchReadPerSourceNodeAndOneBatchWritePerTargetNode() throws Exception {
        List<ObjectMetadata> objects = write(40);
        cluster.kill("node-3");
        List<RepairPlan> plans = plan(objects);
        // The known answer: the first source of each replica copy and the first k of each rebuild, and every target.
        Set<String> sourceNodes = new TreeSet<>();
        Set<String> targetNodes = new TreeSet<>();
        int copies = 0;
        for (RepairPlan plan : plans) {
            if (!plan.replicaCopies().isEmpty()) {
                sourceNodes.add(plan.replicaCopies().get(0).sources().get(0));
            }
            for (RepairPlan.ReplicaCopy copy : plan.replicaCopies()) {
                targetNodes.add(copy.target().id());
                copies++;
            }
            for (RepairPlan.ShardRebuild rebuild : plan.shardRebuilds()) {
                rebuild.sources().values().stream().limit(FakeCluster.K).forEach(sourceNodes::add);
                rebuild.targets().values().forEach(t -> targetNodes.add(t.id()));
                copies += rebuild.targets().size();
            }
        }
        assertTrue(plans.size() > 20, "most of the 40 had a copy on node-3: " + plans.size());

        List<RepairOutcome> outcomes = batch.execute(plans, live(), () -> true);

        assertEquals(sourceNodes, nodesCalled("read"), "one batch read per source node, all in one round");
        assertEquals(targetNodes, nodesCalled("write"), "one batch write per target node");
        assertEquals(sourceNodes.size() + targetNodes.size(), calls.size(), calls.toString());
        assertEquals(List.of(), singleCalls, "no chunk alone");
        assertEquals(copies, outcomes.stream().mapToInt(RepairOutcome::copiesMade).sum());
        assertTrue(outcomes.stream().noneMatch(RepairOutcome::failed));
        for (int i = 0; i < plans.size(); i++) {
            ObjectMetadata repaired = plans.get(i).updatedMetadata(outcomes.get(i), cluster.clock.millis()).orElseThrow();
            for (ChunkLocation copy : Auditor.locations(repaired)) {
                assertTrue(cluster.chunks.holds(copy.nodeId(), copy.chunkId()), repaired.key() + ": " + copy);
            }
        }
    }

    @Test
    void aSourceFoundCorruptIsReplacedByASpareInASecondRoundAndReported() throws Exception {
        List<ObjectMetadata> objects = write(20);
        cluster.kill("node-3");
        RepairPlan plan = plan(objects).stream().filter(p -> p.shardRebuild() != null).findFirst().orElseThrow();
        ColdPart cold = plan.metadata().cold();
        int firstSource = plan.shardRebuild().sources().keySet().iterator().next();
        ChunkLocation bad = cold.shards().get(firstSource);
        cluster.chunks.corrupt(bad.nodeId(), bad.chunkId());

        RepairOutcome outcome = batch.execute(List.of(plan), live(), () -> true).get(0);

        assertEquals(Set.of(AuditFacts.copyKey(bad.nodeId(), bad.chunkId())), outcome.damagedSources());
        assertEquals(List.of(), outcome.failures(), "k good shards were still there");
        assertEquals(plan.shardRebuild().targets().keySet(), outcome.shardsStored(0).keySet());
        long reads = calls.stream().filter(c -> c.startsWith("read")).count();
        int expected = (int) plan.shardRebuild().sources().values().stream().limit(FakeCluster.K).distinct().count()
                + (plan.replicaCopies().isEmpty() ? 0 : 1) + 1;
        assertTrue(reads <= expected, "the first round, then one read for the spare: " + calls);
        assertTrue(calls.stream().anyMatch(c -> c.equals("read " + cold.shards().get(FakeCluster.K).nodeId() + " (1)")
                || c.equals("read " + cold.shards().get(FakeCluster.K + 1).nodeId() + " (1)")), "a spare was read: " + calls);
    }

    @Test
    void aNodeThatDoesNotAnswerIsNoSourceButItsCopiesAreNotCalledDamaged() throws Exception {
        List<ObjectMetadata> objects = write(20);
        cluster.kill("node-3");
        List<RepairPlan> plans = plan(objects);
        String silent = plans.stream().filter(p -> p.shardRebuild() != null).findFirst().orElseThrow()
                .shardRebuild().sources().values().iterator().next();
        cluster.chunks.setDown(silent, true); // its lease still holds: live, but it answers nothing

        List<RepairOutcome> outcomes = batch.execute(plans, live(), () -> true);

        assertTrue(outcomes.stream().allMatch(o -> o.damagedSources().isEmpty()), "no answer says nothing about a copy");
        long rebuiltWithoutIt = 0;
        for (int i = 0; i < plans.size(); i++) {
            RepairPlan.ShardRebuild rebuild = plans.get(i).shardRebuild();
            if (rebuild != null && rebuild.sources().containsValue(silent)) {
                // 5 healthy shards, one of them on the silent node: the other 4 are k.
                assertEquals(rebuild.targets().keySet(), outcomes.get(i).shardsStored(0).keySet(), plans.get(i).metadata().key());
                rebuiltWithoutIt++;
            }
        }
        assertTrue(rebuiltWithoutIt > 0, "some rebuild had a source on " + silent);
    }

    @Test
    void aWriteTheNodeRefusesFailsThatCopyAloneAndNotItsNeighbours() throws Exception {
        List<ObjectMetadata> objects = write(20);
        cluster.kill("node-3");
        List<RepairPlan> plans = plan(objects);
        RepairPlan victim = plans.stream().filter(p -> p.shardRebuild() != null).findFirst().orElseThrow();
        var target = victim.shardRebuild().targets().entrySet().iterator().next();
        refuse.add(victim.metadata().cold().shards().get(target.getKey()).chunkId());

        List<RepairOutcome> outcomes = batch.execute(plans, live(), () -> true);

        RepairOutcome refused = outcomes.get(plans.indexOf(victim));
        assertEquals(1, refused.failures().size(), refused.failures().toString());
        assertTrue(refused.failures().get(0).contains("disk reserve"), refused.failures().get(0));
        assertTrue(!refused.shardsStored(0).containsKey(target.getKey()));
        assertEquals(1, outcomes.stream().filter(RepairOutcome::failed).count(), "the others went through");
    }

    @Test
    void requestsStayWithinTheNodesBatchLimits() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            ids.add("c-" + i);
        }
        assertEquals(List.of(500, 500, 200), BatchRepair.slices(ids, id -> 10).stream().map(List::size).toList());
        assertEquals(List.of(2, 2, 1), BatchRepair.slices(ids.subList(0, 5), id -> 3L << 20).stream().map(List::size).toList(),
                "8 MiB a request: two of 3 MiB, not three");
        assertEquals(List.of(1, 1), BatchRepair.slices(ids.subList(0, 2), id -> 20L << 20).stream().map(List::size).toList(),
                "a larger chunk still goes, alone");
    }

    /**
     * Each chunk of a batch request counts the budget's chunk cost beside its bytes, so a page of
     * documents (a few KiB in all) is paced by its chunks. A budget of 1 GB/s and 1 MB a chunk: the
     * page takes less than the one-second burst (no wait), and what it took shows as the wait the next
     * second's worth would have, 1 ms a chunk (and at most 1 ms for all the bytes, under 1 MB).
     */
    @Test
    void eachChunkOfABatchRequestCountsTheChunkCostAgainstTheBudget() throws Exception {
        List<ObjectMetadata> objects = write(40);
        cluster.kill("node-3");
        List<RepairPlan> plans = plan(objects);
        ByteRateLimiter budget = new ByteRateLimiter(1_000_000_000L, 1_000_000L, cluster.clock);
        new BatchRepair(counting, budget, new Reconstruction()).execute(plans, live(), () -> true);
        int chunks = calls.stream().mapToInt(c -> Integer.parseInt(c.substring(c.indexOf('(') + 1, c.indexOf(')')))).sum();
        assertTrue(chunks > 40, "the page read and wrote many chunks: " + chunks);
        long waitForASecond = budget.reserve(1_000_000_000L);
        assertTrue(waitForASecond == chunks || waitForASecond == chunks + 1, chunks + " chunks, wait " + waitForASecond + " ms");
    }

    private Set<String> nodesCalled(String kind) {
        return calls.stream().filter(c -> c.startsWith(kind + " ")).map(c -> c.split(" ")[1]).collect(Collectors.toCollection(TreeSet::new));
    }
}
