package io.hybridstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.model.NodeInfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Live storage nodes from etcd's JSON gateway ({@code POST /v3/kv/range}, keys and values in
 * base64): the records under {@code {prefix}/nodes/}, each present exactly while its node's lease
 * lives (docs/architecture.md, etcd key layout). No etcd library: one HTTP call, with the timeout of
 * every call; the endpoints are tried in turn.
 */
final class EtcdNodes {
    private EtcdNodes() {
    }

    static List<NodeInfo> live(Http http, List<URI> endpoints, String prefix) {
        CliFailure last = null;
        for (URI endpoint : endpoints) {
            try {
                Http.Answer answer = http.send(Http.request(endpoint.resolve("/v3/kv/range"), null)
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(rangeBody(prefix + "/nodes/"))));
                if (!answer.ok()) {
                    last = CliFailure.failed("etcd " + endpoint + " answered " + answer.status() + ": " + answer.text());
                    continue;
                }
                return decode(answer.body());
            } catch (CliFailure e) {
                last = e;
            }
        }
        throw last != null ? last : CliFailure.unreachable("no etcd endpoint");
    }

    /** The range request for every key starting with {@code keyPrefix}. */
    static String rangeBody(String keyPrefix) {
        byte[] key = keyPrefix.getBytes(StandardCharsets.UTF_8);
        return "{\"key\":\"" + b64(key) + "\",\"range_end\":\"" + b64(prefixEnd(key)) + "\"}";
    }

    /** etcd's end of a prefix range: the prefix with its last byte below 0xff incremented, the rest dropped. */
    static byte[] prefixEnd(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if ((prefix[i] & 0xff) != 0xff) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        return new byte[] {0}; // every key
    }

    /** The node records of a range answer, by id; no {@code kvs} means none. */
    static List<NodeInfo> decode(byte[] answer) {
        try {
            JsonNode kvs = Json.mapper().readTree(answer).path("kvs");
            List<NodeInfo> nodes = new ArrayList<>();
            for (JsonNode kv : kvs) {
                nodes.add(ModelJson.fromBytes(Base64.getDecoder().decode(kv.path("value").asText()), NodeInfo.class));
            }
            nodes.sort(Comparator.comparing(NodeInfo::id));
            return nodes;
        } catch (java.io.IOException | RuntimeException e) {
            throw CliFailure.failed("cannot read etcd's answer: " + e.getMessage());
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Every expected id without a live record: the dead ones, in the expected order. */
    static List<String> dead(List<String> expected, List<NodeInfo> live) {
        Map<String, NodeInfo> byId = new java.util.HashMap<>();
        live.forEach(n -> byId.put(n.id(), n));
        return expected.stream().filter(id -> !byId.containsKey(id)).toList();
    }
}
