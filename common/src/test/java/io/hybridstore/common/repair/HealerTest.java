package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.spi.LeaderElector;
import io.hybridstore.common.spi.memory.InMemoryLeaderElector;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The control loop on in-memory fakes with a fake clock. */
class HealerTest {

    private static final BooleanSupplier LEADER = () -> true;
    private final FakeCluster cluster = new FakeCluster(8);
    private final HealerStats stats = new HealerStats("healer-test");

    private List<String> writeObjects(int count) {
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(String.format("obj-%03d", i));
            cluster.write(keys.get(i));
        }
        return keys;
    }

    @Test
    void aDeadNodesReplicasAndShardsAreRebuiltOnDistinctLiveNodes() throws Exception {
        List<String> keys = writeObjects(40);
        cluster.kill("node-3");
        long affected = keys.stream().map(cluster::get)
                .filter(o -> Auditor.locations(o).stream().anyMatch(l -> l.nodeId().equals("node-3"))).count();
        assertTrue(affected > 10, "the dead node held copies of many objects: " + affected);

        cluster.healer(stats, FakeCluster.settings()).runPass(LEADER);

        keys.forEach(cluster::assertFullyRedundant);
        HealerStatus status = stats.snapshot();
        assertEquals(40, status.healthy());
        assertEquals(0, status.degraded() + status.lost());
        assertEquals(40, status.total());
        assertTrue(status.repairsDone() >= affected, "one copy per affected object at least: " + status.repairsDone());
        assertTrue(status.bytesRepaired() > 0);
        assertEquals(0, status.repairsFailed());
        assertEquals(Optional.empty(), cluster.state.loadCursor(), "cycle complete: the next starts over");
    }

    @Test
    void eachPagesRepairsAreCommittedInOneCallToTheMetadataStore() throws Exception {
        List<String> keys = writeObjects(40); // four scan pages of 10
        cluster.kill("node-3");
        List<Integer> swapsPerCall = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        var counting = new io.hybridstore.common.spi.memory.ForwardingMetadataStore(cluster.metadata) {
            @Override
            public List<SwapResult> compareAndSetAll(List<Swap> swaps) {
                swapsPerCall.add(swaps.size());
                return super.compareAndSetAll(swaps);
            }
        };
        List<Integer> repairedPerPage = new java.util.ArrayList<>();
        for (int page = 0; page < 4; page++) {
            repairedPerPage.add((int) keys.subList(page * 10, page * 10 + 10).stream()
                    .filter(k -> Auditor.locations(cluster.get(k)).stream().anyMatch(l -> l.nodeId().equals("node-3"))).count());
        }

        new Healer(counting, cluster.nodes, cluster.chunks, cluster.state, stats, cluster.clock, FakeCluster.settings()).runPass(LEADER);

        keys.forEach(cluster::assertFullyRedundant);
        // Pages heal several at once (FullScan.PAGES_IN_FLIGHT), so their calls may come in any order.
        assertEquals(repairedPerPage.stream().filter(n -> n > 0).sorted().toList(), swapsPerCall.stream().sorted().toList(),
                "one call per page with repairs, carrying exactly that page's repaired records");
        int repaired = repairedPerPage.stream().mapToInt(Integer::intValue).sum();
        assertEquals(repaired, stats.pageTotals().repairs(), "the page times count each repair once");
        assertEquals(repaired, stats.pageTotals().committed(), "and each committed record");
        assertEquals(40, stats.pageTotals().records(), "and each scanned record (no dirty mark here)");
        assertTrue(stats.pages() >= 4, "a page per scan page at least: " + stats.pages());
        assertTrue(stats.lastPage().contains(" records, "), stats.lastPage());
    }

    @Test
    void theNextPagesAreReadAndHealedWhileTheFirstCommitsAndTheCursorWaitsForThem() throws Exception {
        int pages = FullScan.PAGES_IN_FLIGHT + 2;
        List<String> keys = writeObjects(10 * pages); // scan pages of 10
        cluster.kill("node-3");
        Set<String> firstPage = Set.copyOf(keys.subList(0, 10));
        assertTrue(firstPage.stream().anyMatch(k -> Auditor.locations(cluster.get(k)).stream().anyMatch(l -> l.nodeId().equals("node-3"))),
                "the first page has repairs to commit");
        AtomicInteger scans = new AtomicInteger();
        List<Integer> scansWhileFirstCommitWaited = new java.util.ArrayList<>();
        List<Optional<String>> cursorWhileFirstCommitWaited = new java.util.ArrayList<>();
        var slowFirstCommit = new io.hybridstore.common.spi.memory.ForwardingMetadataStore(cluster.metadata) {
            @Override
            public List<Stored> scan(String prefix, io.hybridstore.common.catalogue.ScanStart start, int limit) {
                scans.incrementAndGet();
                return super.scan(prefix, start, limit);
            }

            @Override
            public List<SwapResult> compareAndSetAll(List<Swap> swaps) {
                if (swaps.stream().anyMatch(swap -> firstPage.contains(swap.metadata().key()))) {
                    // The first page's commit holds until the pages after it fill the other slots and one
                    // more is read ahead: it cannot, one page at a time.
                    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
                    while (scans.get() < FullScan.PAGES_IN_FLIGHT + 1 && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    long settle = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(200);
                    while (System.nanoTime() < settle) {
                        Thread.onSpinWait(); // room for a read beyond the slots, which must not come
                    }
                    scansWhileFirstCommitWaited.add(scans.get());
                    cursorWhileFirstCommitWaited.add(cluster.state.loadCursor());
                }
                return super.compareAndSetAll(swaps);
            }
        };

        new Healer(slowFirstCommit, cluster.nodes, cluster.chunks, cluster.state, stats, cluster.clock, FakeCluster.settings())
                .runPass(LEADER);

        assertEquals(List.of(FullScan.PAGES_IN_FLIGHT + 1), scansWhileFirstCommitWaited,
                "the pages in flight and one read ahead, no more, while the first page committed");
        assertEquals(List.of(Optional.empty()), cursorWhileFirstCommitWaited, "the cursor moves only past pages healed");
        keys.forEach(cluster::assertFullyRedundant);
        assertEquals(Optional.empty(), cluster.state.loadCursor(), "cycle complete");
        assertEquals(pages + 1, scans.get(), "every page read once, and the empty read that ends the cycle");
    }

    @Test
    void aLeaseThatGoesDuringAPassCountsFromTheNextPageAndTheScanComesRoundToItBeforeScrub() throws Exception {
        List<String> keys = writeObjects(30); // three scan pages of 10
        AtomicInteger scans = new AtomicInteger();
        var killing = new io.hybridstore.common.spi.memory.ForwardingMetadataStore(cluster.metadata) {
            @Override
            public List<Stored> scan(String prefix, io.hybridstore.common.catalogue.ScanStart start, int limit) {
                if (scans.incrementAndGet() == 2) {
                    cluster.kill("node-3"); // between the first page and the second: the first was healed on the old live set
                }
                return super.scan(prefix, start, limit);
            }
        };
        HealerSettings scrubbing = new HealerSettings(10, 1000, 100, 100, 4, 0, 1000, Duration.ofHours(1), 1000, 1000, 50,
                1 << 16, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ZERO);
        Healer healer = new Healer(killing, cluster.nodes, cluster.chunks, cluster.state, stats, cluster.clock, scrubbing);
        assertFalse(keys.subList(0, 10).stream()
                .noneMatch(k -> Auditor.locations(cluster.get(k)).stream().anyMatch(l -> l.nodeId().equals("node-3"))));

        assertTrue(healer.runPass(LEADER), "the next pass is due at once");

        keys.forEach(cluster::assertFullyRedundant); // the first page too: the scan came round to it in the same pass
        assertEquals(5, scans.get(), "three pages, the empty read that ends the cycle, then the first page again and no more");
        assertEquals(0, stats.snapshot().chunksScrubbed(), "no scrub in a pass whose live nodes changed");

        assertFalse(healer.runPass(LEADER));
        keys.forEach(cluster::assertFullyRedundant);
        assertTrue(stats.snapshot().chunksScrubbed() > 0, "the quiet pass scrubs");
    }

    @Test
    void aLeaseThatGoesDuringScrubStopsItAndTheNextPassIsDueAtOnce() throws Exception {
        List<String> keys = writeObjects(30);
        AtomicInteger verified = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        ChunkStore killing = new DelegatingChunkStore(cluster.chunks) {
            @Override
            public List<VerifyOutcome> verifyAll(NodeInfo node, List<String> chunkIds) {
                if (requests.incrementAndGet() == 1) {
                    cluster.kill("node-3"); // at the first request scrub sends
                }
                verified.addAndGet(chunkIds.size());
                return super.verifyAll(node, chunkIds);
            }
        };
        HealerSettings scrubbing = new HealerSettings(10, 1000, 100, 100, 4, 0, 1000, Duration.ofHours(1), 1000, 1000, 50,
                1 << 16, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ZERO);
        Healer healer = new Healer(cluster.metadata, cluster.nodes, killing, cluster.state, stats, cluster.clock, scrubbing);

        assertTrue(healer.runPass(LEADER), "the next pass is due at once");

        assertEquals(1, requests.get(), "scrub stopped after the request it was in (one node's copies of a page)");
        int copies = verified.get();
        assertFalse(healer.runPass(LEADER), "the next pass repairs node-3's copies and scrubs");
        keys.forEach(cluster::assertFullyRedundant);
        assertTrue(verified.get() > copies, "the quiet pass scrubbed on");
    }

    @Test
    void aNodeLostBetweenThePassesOfALongCycleIsRepairedBeforeTheScanRestsNotACycleLater() throws Exception {
        List<String> keys = writeObjects(40); // four scan pages of 10, two a pass
        HealerSettings twentyAPass = new HealerSettings(10, 20, 100, 100, 4, 0, 0, Duration.ofHours(1), 0, 0, 50,
                1 << 16, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ZERO);
        Healer healer = cluster.healer(stats, twentyAPass);
        assertTrue(healer.runPass(LEADER), "obj-000 to obj-019, on eight nodes");
        cluster.kill("node-3");
        List<String> before = keys.subList(0, 20).stream()
                .filter(k -> Auditor.locations(cluster.get(k)).stream().anyMatch(l -> l.nodeId().equals("node-3"))).toList();
        assertFalse(before.isEmpty());

        assertTrue(healer.runPass(LEADER), "obj-020 to obj-039, the first pages after the loss");
        keys.subList(20, 40).forEach(cluster::assertFullyRedundant);
        assertFalse(healer.runPass(LEADER), "the end of the cycle, then the next one up to where the loss was seen: nothing urgent left");

        keys.forEach(cluster::assertFullyRedundant); // before: obj-000 to obj-019 waited for the next cycle, at the usual pace
        assertEquals(Optional.of("obj-019"), cluster.state.loadCursor(), "the new cycle rests where the loss was seen");
        assertFalse(healer.runPass(LEADER), "the rest of the new cycle at the usual pace: two pages, the budget, the next pass an interval later");
        assertFalse(healer.runPass(LEADER), "and its end");
        assertEquals(Optional.empty(), cluster.state.loadCursor());
    }

    @Test
    void aPassCutByItsScanBudgetSaysItLeftWorkAndTheOneThatCompletesTheCycleDoesNot() throws Exception {
        writeObjects(25);
        // 10 records a page, 20 a pass: the first pass stops with 5 left, the second completes the cycle.
        HealerSettings twentyAPass = new HealerSettings(10, 20, 100, 100, 4, 0, 0, Duration.ofHours(1), 0, 0, 50,
                1 << 16, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ZERO);
        Healer healer = cluster.healer(stats, twentyAPass);
        assertTrue(healer.runPass(LEADER), "20 of 25 scanned: work left");
        assertFalse(healer.runPass(LEADER), "the last 5 and the end of the cycle");
        assertEquals(Optional.empty(), cluster.state.loadCursor());
    }

    @Test
    void aHealthyStoreLargerThanTheBudgetIsAuditedOneBudgetAPassNotBackToBack() throws Exception {
        List<String> keys = writeObjects(45);
        HealerSettings twentyAPass = new HealerSettings(10, 20, 100, 100, 4, 0, 0, Duration.ofHours(1), 0, 0, 50,
                1 << 16, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ZERO);
        Healer healer = cluster.healer(stats, twentyAPass);
        // A term's first cycle runs at once (a node may have died before this leader): 20, 20, then 5 and its end.
        assertTrue(healer.runPass(LEADER), "first cycle of the term, 20 of 45");
        assertTrue(healer.runPass(LEADER), "first cycle of the term, 40 of 45");
        assertFalse(healer.runPass(LEADER), "the last 5 and the end of the first cycle");
        assertEquals(Optional.empty(), cluster.state.loadCursor());

        // Nothing lost since: the next cycle is an audit of a healthy store, one budget a pass, each pass
        // saying no work is left, so that the next waits its interval; three passes still complete it.
        assertFalse(healer.runPass(LEADER), "healthy audit, pass 1: paced");
        assertEquals(Optional.of("obj-019"), cluster.state.loadCursor());
        assertFalse(healer.runPass(LEADER), "healthy audit, pass 2: paced");
        assertEquals(Optional.of("obj-039"), cluster.state.loadCursor());
        assertFalse(healer.runPass(LEADER), "healthy audit, pass 3: its end");
        assertEquals(Optional.empty(), cluster.state.loadCursor(), "the paced cycle completed over three passes");

        // A loss turns it urgent again until every record was looked at with the new live set.
        assertFalse(healer.runPass(LEADER), "a new paced cycle, 20 of 45");
        cluster.kill("node-3");
        assertTrue(healer.runPass(LEADER), "the loss is seen: 20 more, the next pass is due at once");
        assertTrue(healer.runPass(LEADER), "the cycle's last 5, then the rescan from the first key into the budget: at once again");
        assertFalse(healer.runPass(LEADER), "the rescan reaches where the loss was seen: paced again");
        keys.forEach(cluster::assertFullyRedundant);
    }

    @Test
    void anEmptyStoresCycleLeavesTheFirstCycleWithRecordsUrgent() throws Exception {
        HealerSettings twentyAPass = new HealerSettings(10, 20, 100, 100, 4, 0, 0, Duration.ofHours(1), 0, 0, 50,
                1 << 16, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ZERO);
        Healer healer = cluster.healer(stats, twentyAPass);
        assertFalse(healer.runPass(LEADER), "a new cluster: an empty cycle");
        writeObjects(25);
        assertTrue(healer.runPass(LEADER), "the first cycle that looks at records is still the term's first: at once");
        assertFalse(healer.runPass(LEADER), "its end");
        writeObjects(45);
        assertFalse(healer.runPass(LEADER), "then paced");
    }

    @Test
    void dirtyObjectsAreHealedFirstAndTheirMarkCleared() throws Exception {
        writeObjects(5);
        ObjectMetadata dirty = cluster.write("dirty-1", ObjectState.DIRTY);
        ChunkLocation failed = dirty.cold().shards().get(2);
        cluster.chunks.lose(failed.nodeId(), failed.chunkId());
        assertEquals(1, cluster.metadata.dirty(10).size());
        // No scan at all this pass: only the dirty index can bring the object back.
        HealerSettings dirtyOnly = new HealerSettings(10, 1, 100, 100, 4, 0, 0, Duration.ofHours(1), 0, 0, 50,
                1 << 16, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ZERO);

        cluster.healer(stats, dirtyOnly).runPass(LEADER);

        cluster.assertFullyRedundant("dirty-1");
        assertEquals(List.of(), cluster.metadata.dirty(10), "dirty mark cleared with the CLEAN state");
        assertFalse(cluster.get("dirty-1").cold().shards().get(2).nodeId().equals(failed.nodeId()), "new home, not the old one");
    }

    @Test
    void aLargeDirtyBatchIsHealedAsPagesSeveralAtOnceEachCommittedInOneCall() throws Exception {
        int pages = FullScan.PAGES_IN_FLIGHT + 2;
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 10 * pages; i++) {
            ObjectMetadata dirty = cluster.write(String.format("dirty-%03d", i), ObjectState.DIRTY);
            ChunkLocation failed = dirty.cold().shards().get(i % 6);
            cluster.chunks.lose(failed.nodeId(), failed.chunkId());
            keys.add(dirty.key());
        }
        AtomicInteger healing = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Integer> swapsPerCall = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        var counting = new io.hybridstore.common.spi.memory.ForwardingMetadataStore(cluster.metadata) {
            @Override
            public List<SwapResult> compareAndSetAll(List<Swap> swaps) {
                mostAtOnce.accumulateAndGet(healing.incrementAndGet(), Math::max);
                try {
                    // Each commit holds a moment, so the pages that can be in flight together are.
                    long until = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    swapsPerCall.add(swaps.size());
                    return super.compareAndSetAll(swaps);
                } finally {
                    healing.decrementAndGet();
                }
            }
        };
        // Pages of 10, no scan: only the dirty index brings them back, 100 marks a pass.
        HealerSettings dirtyOnly = new HealerSettings(10, 1, 100, 100, 4, 0, 0, Duration.ofHours(1), 0, 0, 50,
                1 << 16, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ZERO);

        new Healer(counting, cluster.nodes, cluster.chunks, cluster.state, stats, cluster.clock, dirtyOnly).runPass(LEADER);

        keys.forEach(cluster::assertFullyRedundant);
        assertEquals(List.of(), cluster.metadata.dirty(100), "every mark cleared");
        assertEquals(java.util.Collections.nCopies(pages, 10), swapsPerCall.stream().toList(), "a call per page of 10");
        assertTrue(mostAtOnce.get() > 1, "pages overlapped: " + mostAtOnce.get());
        assertTrue(mostAtOnce.get() <= FullScan.PAGES_IN_FLIGHT, "never more than the scan's pages in flight: " + mostAtOnce.get());
        assertEquals(10 * pages + 1, stats.pageTotals().records(), "each dirty record counted once, and the one record the scan reads a pass");
    }

    @Test
    void aBatchIsSplitIntoThePagesInFlightNoSmallerThanTheLeastPageNorLargerThanAScanPage() {
        assertEquals(4, FullScan.PAGES_IN_FLIGHT, "the answers below assume four pages in flight");
        assertEquals(179, PageHealer.splitPageSize(715, 500), "session 25's dirty batch: four pages");
        assertEquals(250, PageHealer.splitPageSize(1000, 500), "a full dirty batch: four pages");
        assertEquals(500, PageHealer.splitPageSize(5000, 500), "larger batches: scan pages, in turn");
        assertEquals(PageHealer.LEAST_SPLIT_PAGE, PageHealer.splitPageSize(120, 500), "three pages, not four of 30");
        assertEquals(PageHealer.LEAST_SPLIT_PAGE, PageHealer.splitPageSize(3, 500), "a few records: one page");
        assertEquals(10, PageHealer.splitPageSize(60, 10), "never above the page size");
    }

    @Test
    void scrubFindsACorruptShardAndItIsRepaired() throws Exception {
        writeObjects(10);
        ObjectMetadata victim = cluster.get("obj-004");
        ChunkLocation shard = victim.cold().shards().get(1);
        cluster.chunks.corrupt(shard.nodeId(), shard.chunkId());
        HealerSettings scrubAll = new HealerSettings(10, 1000, 100, 100, 4, 0, 1000, Duration.ofHours(1), 0, 0, 50,
                1 << 16, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ZERO);

        cluster.healer(stats, scrubAll).runPass(LEADER);

        cluster.assertFullyRedundant("obj-004");
        HealerStatus status = stats.snapshot();
        assertEquals(1, status.corruptFound());
        assertEquals(90, status.chunksScrubbed(), "10 objects x 9 copies");
        assertEquals(1, status.repairsDone());
        assertTrue(cluster.chunks.verify(node(cluster.get("obj-004").cold().shards().get(1).nodeId()), shard.chunkId())
                == ChunkStore.VerifyResult.OK);
    }

    @Test
    void fewerThanKShardsMarksTheObjectLostCountedAndKept() throws Exception {
        writeObjects(6);
        ObjectMetadata victim = cluster.get("obj-002");
        for (int i = 0; i < 3; i++) {
            ChunkLocation s = victim.cold().shards().get(i);
            cluster.chunks.lose(s.nodeId(), s.chunkId());
        }
        Healer healer = cluster.healer(stats, FakeCluster.settings());
        healer.runPass(LEADER);

        ObjectMetadata after = cluster.get("obj-002");
        assertEquals(ObjectState.LOST, after.state());
        assertEquals(victim.hot(), after.hot(), "the surviving replicas stay referenced");
        assertEquals(1, stats.snapshot().lost());
        assertEquals(5, stats.snapshot().healthy());

        healer.runPass(LEADER);
        assertEquals(1, stats.snapshot().lost(), "still counted in the next cycle, never dropped");
        assertEquals(ObjectState.LOST, cluster.get("obj-002").state());
    }

    @Test
    void aConcurrentWriteDuringRepairWinsAndTheHealerReplansAgainstIt() throws Exception {
        writeObjects(1);
        ObjectMetadata original = cluster.get("obj-000");
        String dead = original.hot().replicas().get(0).nodeId();
        cluster.kill(dead);
        AtomicInteger concurrentWrites = new AtomicInteger();
        ChunkStore racing = new DelegatingChunkStore(cluster.chunks) {
            @Override
            public void put(NodeInfo node, String chunkId, byte[] data, String sha256Hex) {
                super.put(node, chunkId, data, sha256Hex);
                if (concurrentWrites.getAndIncrement() == 0) {
                    // A client overwrites the object while the healer is copying.
                    cluster.metadata.commitIfNewer(new ObjectMetadata(original.key(), new Version(0, 1000), ObjectState.CLEAN,
                            original.fieldOrder(), original.hot(), original.cold(), List.of(), List.of(), original.createdAt(), 1));
                }
            }
        };
        Healer healer = new Healer(cluster.metadata, cluster.nodes, racing, cluster.state, stats, cluster.clock, FakeCluster.settings());
        healer.runPass(LEADER);

        ObjectMetadata stored = cluster.get("obj-000");
        assertEquals(new Version(0, 1000), stored.version(), "the client's write was not overwritten");
        assertEquals(1, stats.snapshot().conflicts());
        assertTrue(Auditor.locations(stored).stream().anyMatch(l -> l.nodeId().equals(dead)), "the healer's plan was not applied");

        healer.runPass(LEADER);
        cluster.assertFullyRedundant("obj-000");
        assertEquals(new Version(0, 1000), cluster.get("obj-000").version(), "repaired on top of the new version");
    }

    @Test
    void garbageOlderThanTheGraceIsDeletedAndNothingReferencedOrYoung() throws Exception {
        writeObjects(8);
        ObjectMetadata moved = cluster.get("obj-001");
        String dead = moved.hot().replicas().get(0).nodeId();
        NodeInfo deadNode = node(dead);
        long written = cluster.clock.millis();
        // A partial write's leftovers: one old, one within the grace period.
        List<String> others = cluster.nodes.liveNodes().stream().map(NodeInfo::id).filter(id -> !id.equals(dead)).toList();
        String oldOn = others.get(0);
        String youngOn = others.get(1);
        cluster.chunks.put(node(oldOn), "h-orphan-old", new byte[] {1}, null);
        cluster.chunks.setModified(oldOn, "h-orphan-old", written);
        cluster.chunks.put(node(youngOn), "h-orphan-young", new byte[] {2}, null);

        cluster.kill(dead);
        Healer healer = cluster.healer(stats, FakeCluster.settings());
        healer.runPass(LEADER);
        cluster.assertFullyRedundant("obj-001");

        // The node comes back with its stale copies; everything it holds was rebuilt elsewhere.
        cluster.nodes.add(deadNode);
        cluster.chunks.setDown(dead, false);
        Set<String> stale = cluster.chunks.chunksOn(dead);
        assertFalse(stale.isEmpty());
        cluster.clock.advance(Duration.ofHours(2));
        cluster.chunks.setModified(youngOn, "h-orphan-young", cluster.clock.millis() - Duration.ofMinutes(30).toMillis());

        healer.runPass(LEADER); // full cycle from the first key, then the sweep
        assertTrue(cluster.chunks.chunksOn(dead).isEmpty(), "stale copies collected: " + cluster.chunks.chunksOn(dead));
        assertFalse(cluster.chunks.holds(oldOn, "h-orphan-old"));
        assertTrue(cluster.chunks.holds(youngOn, "h-orphan-young"), "younger than the grace period");
        assertEquals(stale.size() + 1, stats.snapshot().garbageDeleted());
        cluster.nodes.liveNodes().forEach(n -> assertTrue(n.id().equals(dead) || !cluster.chunks.chunksOn(n.id()).isEmpty()));
        List.of("obj-000", "obj-001", "obj-005", "obj-007").forEach(cluster::assertFullyRedundant);
    }

    @Test
    void losingLeadershipDuringAPagesReadsStopsAllWork() throws Exception {
        writeObjects(20);
        cluster.kill("node-5");
        InMemoryLeaderElector election = new InMemoryLeaderElector();
        LeaderElector.Leadership leadership = election.awaitLeadership("healer-1", Duration.ofSeconds(1)).orElseThrow();
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger writes = new AtomicInteger();
        ChunkStore expiring = new DelegatingChunkStore(cluster.chunks) {
            @Override
            public List<GetOutcome> getAll(NodeInfo node, List<String> chunkIds) {
                reads.incrementAndGet();
                election.expireLease(); // the lease runs out while the first page's sources are read
                return super.getAll(node, chunkIds);
            }

            @Override
            public List<PutOutcome> putAll(NodeInfo node, List<ChunkPut> puts) {
                writes.incrementAndGet();
                return super.putAll(node, puts);
            }
        };
        AtomicInteger casCalls = new AtomicInteger();
        var counting = new DelegatingMetadataStore(cluster.metadata, casCalls);

        new Healer(counting, cluster.nodes, expiring, cluster.state, stats, cluster.clock, FakeCluster.settings())
                .runPass(leadership::isHeld);

        assertTrue(reads.get() > 0, "the first page's batch reads went out");
        assertEquals(0, writes.get(), "no write request after the lease was lost");
        assertEquals(0, casCalls.get(), "no metadata write without the lease");
        assertEquals(0, stats.snapshot().chunksScrubbed(), "no scrub either");
        assertEquals(Optional.empty(), cluster.state.loadStatus(), "a former leader does not publish status");
    }

    @Test
    void losingLeadershipDuringAPagesWritesLetsThemLandButCommitsNothing() throws Exception {
        List<String> keys = writeObjects(20); // two scan pages of 10
        cluster.kill("node-5");
        InMemoryLeaderElector election = new InMemoryLeaderElector();
        LeaderElector.Leadership leadership = election.awaitLeadership("healer-1", Duration.ofSeconds(1)).orElseThrow();
        Set<String> written = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ChunkStore expiring = new DelegatingChunkStore(cluster.chunks) {
            @Override
            public List<PutOutcome> putAll(NodeInfo node, List<ChunkPut> puts) {
                List<PutOutcome> outcomes = super.putAll(node, puts);
                puts.forEach(p -> written.add(p.chunkId()));
                election.expireLease(); // the lease runs out as the first page's copies land
                return outcomes;
            }
        };
        AtomicInteger casCalls = new AtomicInteger();
        var counting = new DelegatingMetadataStore(cluster.metadata, casCalls);
        assertTrue(keys.subList(10, 20).stream().anyMatch(k -> Auditor.locations(cluster.get(k)).stream()
                .anyMatch(l -> l.nodeId().equals("node-5"))), "the second page needs repairs too");

        new Healer(counting, cluster.nodes, expiring, cluster.state, stats, cluster.clock, FakeCluster.settings())
                .runPass(leadership::isHeld);

        // Pages heal several at once (FullScan.PAGES_IN_FLIGHT), and a page's write round sends to every
        // node at once after one lease check: the second page's writes may land beside the first's.
        assertFalse(written.isEmpty(), "the batch writes that started under the lease went out and landed");
        assertEquals(0, casCalls.get(), "no metadata write without the lease: the copies are garbage for GC");
        assertEquals(Optional.empty(), cluster.state.loadCursor(), "the cursor did not move past a page it did not commit");
        assertEquals(Optional.empty(), cluster.state.loadStatus(), "a former leader does not publish status");
    }

    @Test
    void theScanCursorSurvivesANewLeaderSoLargeStoresAreCoveredOverPasses() throws Exception {
        writeObjects(25);
        HealerSettings tenPerPass = new HealerSettings(5, 10, 100, 100, 4, 0, 0, Duration.ofHours(1), 0, 0, 50,
                1 << 16, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ZERO);
        cluster.healer(stats, tenPerPass).runPass(LEADER);
        assertEquals(Optional.of("obj-009"), cluster.state.loadCursor());
        assertEquals(10, stats.snapshot().scanned());

        HealerStats next = new HealerStats("healer-2");
        Healer successor = cluster.healer(next, tenPerPass);
        successor.runPass(LEADER);
        assertEquals(Optional.of("obj-019"), cluster.state.loadCursor(), "resumed after obj-009, not from the start");
        successor.runPass(LEADER);
        assertEquals(Optional.empty(), cluster.state.loadCursor(), "cycle complete after obj-024");
        assertEquals(15, next.snapshot().total(), "this leader's cycle began mid-way");
    }

    @Test
    void aFailedRepairIsRetriedOnALaterPassWithBackoff() throws Exception {
        writeObjects(1);
        ObjectMetadata object = cluster.get("obj-000");
        cluster.kill(object.hot().replicas().get(0).nodeId());
        AtomicInteger failPuts = new AtomicInteger(1);
        ChunkStore flaky = new DelegatingChunkStore(cluster.chunks) {
            @Override
            public void put(NodeInfo node, String chunkId, byte[] data, String sha256Hex) {
                if (failPuts.get() > 0) {
                    throw new io.hybridstore.common.error.StoreException(io.hybridstore.common.error.ErrorCode.INSUFFICIENT_STORAGE, "full");
                }
                super.put(node, chunkId, data, sha256Hex);
            }
        };
        Healer healer = new Healer(cluster.metadata, cluster.nodes, flaky, cluster.state, stats, cluster.clock, FakeCluster.settings());
        healer.runPass(LEADER);
        assertEquals(1, stats.snapshot().repairsFailed());
        assertEquals(1, stats.recentFailures().size(), "the console lists the failed repair");
        assertEquals("obj-000", stats.recentFailures().get(0).key());
        assertTrue(stats.recentFailures().get(0).reason().contains("full"), stats.recentFailures().get(0).reason());
        assertEquals(ObjectState.DIRTY, cluster.get("obj-000").state(), "damage recorded: the dirty index now holds it");
        assertEquals(1, stats.snapshot().degraded());

        failPuts.set(0);
        healer.runPass(LEADER);
        assertEquals(ObjectState.DIRTY, cluster.get("obj-000").state(), "still backing off");
        assertEquals(0, stats.snapshot().repairsDone());

        cluster.clock.advance(Duration.ofSeconds(11));
        healer.runPass(LEADER);
        cluster.assertFullyRedundant("obj-000");
        assertEquals(1, stats.snapshot().repairsFailed());
    }

    @Test
    void aYoungInProgressObjectIsLeftToItsGatewayAndAnOldOneIsFinished() throws Exception {
        ObjectMetadata object = cluster.write("slow", ObjectState.IN_PROGRESS);
        ChunkLocation straggler = object.cold().shards().get(4);
        cluster.chunks.lose(straggler.nodeId(), straggler.chunkId());
        Healer healer = cluster.healer(stats, FakeCluster.settings());
        healer.runPass(LEADER);
        assertEquals(ObjectState.IN_PROGRESS, cluster.get("slow").state());
        assertEquals(0, stats.snapshot().repairsDone());

        cluster.clock.advance(Duration.ofMinutes(3));
        healer.runPass(LEADER);
        cluster.assertFullyRedundant("slow");
    }

    @Test
    void aSourceFoundCorruptWhileCopyingIsSkippedAndRepairedNextPass() throws Exception {
        writeObjects(1);
        ObjectMetadata object = cluster.get("obj-000");
        ChunkLocation first = object.hot().replicas().get(0);
        ChunkLocation second = object.hot().replicas().get(1);
        cluster.kill(first.nodeId());
        cluster.chunks.corrupt(second.nodeId(), second.chunkId()); // undetected until read
        Healer healer = cluster.healer(stats, FakeCluster.settings());

        healer.runPass(LEADER);
        ObjectMetadata after = cluster.get("obj-000");
        assertFalse(after.hot().replicas().get(0).nodeId().equals(first.nodeId()), "copied from the third replica");
        assertEquals(ObjectState.DIRTY, after.state(), "the corrupt source is known bad: not CLEAN");

        healer.runPass(LEADER);
        cluster.assertFullyRedundant("obj-000");
    }

    @Test
    void aLiveNodeThatDoesNotAnswerIsNeitherSourceNorReplaced() throws Exception {
        writeObjects(4);
        cluster.chunks.setDown("node-2", true); // lease still live: slow or partitioned, not dead
        Healer healer = cluster.healer(stats, FakeCluster.settings());
        healer.runPass(LEADER);
        assertEquals(0, stats.snapshot().repairsDone());
        for (int i = 0; i < 4; i++) {
            assertEquals(ObjectState.CLEAN, cluster.get(String.format("obj-%03d", i)).state());
        }
        assertTrue(stats.snapshot().degraded() > 0, "counted as not verified");

        cluster.chunks.setDown("node-2", false);
        healer.runPass(LEADER);
        assertEquals(4, stats.snapshot().healthy());
    }

    @Test
    void aShardThatDecodesToTheWrongBytesIsNeverUploaded() throws Exception {
        writeObjects(1);
        ObjectMetadata object = cluster.get("obj-000");
        ChunkLocation lost = object.cold().shards().get(0);
        cluster.chunks.lose(lost.nodeId(), lost.chunkId());
        ChunkStore lying = lyingAbout(cluster.chunks, object.cold().shards().get(1).chunkId());
        long putsBefore = cluster.chunks.putCount();
        new Healer(cluster.metadata, cluster.nodes, lying, cluster.state, stats, cluster.clock, FakeCluster.settings()).runPass(LEADER);
        assertEquals(putsBefore, cluster.chunks.putCount(), "a reconstruction failing the cold SHA-256 is not spread");
        assertEquals(1, stats.snapshot().repairsFailed());
        assertEquals(ObjectState.DIRTY, cluster.get("obj-000").state());
    }

    @Test
    void garbageIsOnlyCollectedAfterACycleThatStartedAtTheFirstKey() throws Exception {
        writeObjects(6);
        cluster.state.saveCursor("obj-002"); // a former leader got this far
        cluster.chunks.put(node("node-1"), "h-orphan", new byte[] {1}, null);
        cluster.chunks.setModified("node-1", "h-orphan", cluster.clock.millis() - Duration.ofHours(3).toMillis());
        cluster.clock.advance(Duration.ofHours(2));
        Healer healer = cluster.healer(stats, FakeCluster.settings());

        healer.runPass(LEADER);
        assertTrue(cluster.chunks.holds("node-1", "h-orphan"), "obj-000..002 were not seen: the referenced set is partial");
        healer.runPass(LEADER);
        assertFalse(cluster.chunks.holds("node-1", "h-orphan"), "a whole cycle from the first key: collected");
        List.of("obj-000", "obj-003", "obj-005").forEach(cluster::assertFullyRedundant);
    }

    @Test
    void withNoLiveNodeAtAllNothingIsJudged() throws Exception {
        writeObjects(3);
        cluster.nodes.liveNodes().forEach(n -> cluster.nodes.remove(n.id()));
        cluster.healer(stats, FakeCluster.settings()).runPass(LEADER);
        assertEquals(ObjectState.CLEAN, cluster.get("obj-000").state(), "an empty directory is a glitch, not data loss");
        assertEquals(0, stats.snapshot().lost());
    }

    private NodeInfo node(String id) {
        return new NodeInfo(id, "mem://" + id, "", 1L << 40, 0, 0, 0, "test");
    }

    /** Returns {@code liar}'s bytes with one bit flipped: bitrot the node's own checksum did not catch. */
    static ChunkStore lyingAbout(ChunkStore chunks, String liar) {
        return new DelegatingChunkStore(chunks) {
            @Override
            public byte[] get(NodeInfo node, String chunkId) {
                byte[] data = super.get(node, chunkId);
                if (chunkId.equals(liar)) {
                    data[0] ^= 1;
                }
                return data;
            }
        };
    }

    /** Forwards everything; tests override one call to inject a race or a failure. */
    static class DelegatingChunkStore implements ChunkStore {
        private final ChunkStore delegate;

        DelegatingChunkStore(ChunkStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public void put(NodeInfo node, String chunkId, byte[] data, String sha256Hex) {
            delegate.put(node, chunkId, data, sha256Hex);
        }

        @Override
        public byte[] get(NodeInfo node, String chunkId) {
            return delegate.get(node, chunkId);
        }

        @Override
        public Optional<ChunkStat> head(NodeInfo node, String chunkId) {
            return delegate.head(node, chunkId);
        }

        @Override
        public Set<String> exists(NodeInfo node, Collection<String> chunkIds) {
            return delegate.exists(node, chunkIds);
        }

        @Override
        public VerifyResult verify(NodeInfo node, String chunkId) {
            return delegate.verify(node, chunkId);
        }

        @Override
        public List<VerifyOutcome> verifyAll(NodeInfo node, List<String> chunkIds) {
            return delegate.verifyAll(node, chunkIds);
        }

        @Override
        public void delete(NodeInfo node, String chunkId) {
            delegate.delete(node, chunkId);
        }

        @Override
        public List<ChunkStat> list(NodeInfo node, String afterId, int limit) {
            return delegate.list(node, afterId, limit);
        }
    }

    /** Counts compare-and-set calls. */
    static final class DelegatingMetadataStore extends io.hybridstore.common.spi.memory.ForwardingMetadataStore {
        private final AtomicInteger casCalls;

        DelegatingMetadataStore(io.hybridstore.common.spi.MetadataStore delegate, AtomicInteger casCalls) {
            super(delegate);
            this.casCalls = casCalls;
        }

        @Override
        public boolean compareAndSet(ObjectMetadata metadata, long expectedRevision) {
            casCalls.incrementAndGet();
            return super.compareAndSet(metadata, expectedRevision);
        }
    }

    @Test
    void healNowRepairsOneKeyAtOnceAndLeavesTheOthersToThePasses() throws Exception {
        List<String> keys = writeObjects(20);
        cluster.kill("node-3");
        String target = keys.stream().filter(k -> Auditor.locations(cluster.get(k)).stream()
                .anyMatch(l -> l.nodeId().equals("node-3"))).findFirst().orElseThrow();
        long othersOnNode3 = keys.stream().filter(k -> !k.equals(target)).filter(k -> Auditor.locations(cluster.get(k)).stream()
                .anyMatch(l -> l.nodeId().equals("node-3"))).count();
        Healer healer = cluster.healer(stats, FakeCluster.settings());

        assertEquals(Optional.of(HealerStats.ObjectCondition.HEALTHY), healer.healNow(target, LEADER));

        cluster.assertFullyRedundant(target);
        assertTrue(othersOnNode3 > 0, "other keys had copies on node-3 too");
        assertEquals(othersOnNode3, keys.stream().filter(k -> Auditor.locations(cluster.get(k)).stream()
                .anyMatch(l -> l.nodeId().equals("node-3"))).count(), "only the asked key was repaired");
        assertEquals(Optional.empty(), healer.healNow("no-such-key", LEADER));
        assertEquals(0, stats.snapshot().passes(), "no pass ran");
    }
}
