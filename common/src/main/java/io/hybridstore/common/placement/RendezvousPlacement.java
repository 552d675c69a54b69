package io.hybridstore.common.placement;

import io.hybridstore.common.model.NodeInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses which nodes hold the copies of a chunk group: rendezvous (highest-random-weight) hashing.
 * Every node gets a pseudo-random score for the placement key; the highest scores win. So the
 * choice is deterministic (every gateway and healer computes the same answer from the same live
 * set), and when a node joins or leaves only the groups that rank it among their winners move.
 *
 * <p>Zone awareness: when nodes declare zones, winners are taken round-robin across zones (each
 * zone's best remaining node, zones ordered by their best score) so copies spread over failure
 * domains before any zone gets a second one. Without zones this is plain rendezvous order.
 */
public final class RendezvousPlacement {

    /**
     * The nodes for {@code count} copies of the group named {@code placementKey}, in rank order
     * (index i of the result holds copy/shard i). Returns fewer than {@code count} when fewer
     * eligible nodes exist; never returns a node twice or one in {@code exclude}.
     */
    public List<NodeInfo> choose(String placementKey, Collection<NodeInfo> live, int count, Set<String> exclude) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0: " + count);
        }
        long keyHash = hash64(placementKey);
        List<NodeInfo> ranked = live.stream()
                .filter(n -> !exclude.contains(n.id()))
                .sorted(Comparator.comparingLong((NodeInfo n) -> score(keyHash, n.id())).reversed()
                        .thenComparing(NodeInfo::id))
                .toList();
        return spreadOverZones(ranked, count);
    }

    public List<NodeInfo> choose(String placementKey, Collection<NodeInfo> live, int count) {
        return choose(placementKey, live, count, Set.of());
    }

    /**
     * The nodes that can take a chunk of {@code chunkBytes} (see {@link NodeInfo#hasRoomFor}): new
     * copies go only there, so a full node is not handed writes it can only refuse. Existing copies on
     * it stay readable. Filtering before ranking keeps the choice deterministic for every caller
     * that sees the same records.
     */
    public static List<NodeInfo> withRoomFor(Collection<NodeInfo> live, long chunkBytes) {
        return live.stream().filter(n -> n.hasRoomFor(chunkBytes)).toList();
    }

    private static List<NodeInfo> spreadOverZones(List<NodeInfo> ranked, int count) {
        // Zones keep the order of their best-ranked node (LinkedHashMap insertion order).
        Map<String, List<NodeInfo>> byZone = new LinkedHashMap<>();
        for (NodeInfo node : ranked) {
            byZone.computeIfAbsent(node.zone(), z -> new ArrayList<>()).add(node);
        }
        List<NodeInfo> chosen = new ArrayList<>(Math.min(count, ranked.size()));
        for (int round = 0; chosen.size() < count; round++) {
            boolean any = false;
            for (List<NodeInfo> zoneNodes : byZone.values()) {
                if (round < zoneNodes.size() && chosen.size() < count) {
                    chosen.add(zoneNodes.get(round));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return chosen;
    }

    /** Score of a node for a key: a 64-bit mix of both hashes (SplitMix64 finalizer). */
    static long score(long keyHash, String nodeId) {
        long z = keyHash ^ Long.rotateLeft(hash64(nodeId), 31) ^ 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** FNV-1a over UTF-8 bytes: stable across JVMs and versions (unlike String.hashCode's spread). */
    static long hash64(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
