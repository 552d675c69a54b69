package io.hybridstore.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.MemorySizeConverter;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rpk script that creates the WAL topic (compose init service, Kubernetes Job), checked against
 * the gateway: the topic it names, and a {@code max.message.bytes} that admits the largest record the
 * gateway's producer sends (max body size + its record overhead; see BackendProducer).
 */
record WalTopic(String topic, long maxMessageBytes, int partitions, int replicas) {

    private static final Pattern CREATE = Pattern.compile("rpk topic create (\\S+)");
    private static final Pattern ALTER = Pattern.compile("rpk topic alter-config (\\S+)");
    private static final Pattern MAX_BYTES = Pattern.compile("max\\.message\\.bytes=(\\d+)");

    static WalTopic parse(String script, String where) {
        Matcher create = CREATE.matcher(script);
        assertTrue(create.find(), where + ": no `rpk topic create`");
        String topic = create.group(1);
        Matcher alter = ALTER.matcher(script);
        if (alter.find()) {
            assertEquals(topic, alter.group(1), where + ": alter-config names another topic");
        }
        List<Long> limits = MAX_BYTES.matcher(script).results().map(r -> Long.parseLong(r.group(1))).toList();
        assertFalse(limits.isEmpty(), where + ": max.message.bytes is not set (the 1 MiB default refuses large writes)");
        assertEquals(1, limits.stream().distinct().count(), where + ": create and alter set different limits " + limits);
        return new WalTopic(topic, limits.get(0), intFlag(script, "--partitions", where), intFlag(script, "--replicas", where));
    }

    /** Checks the topic against a gateway whose environment is {@code gatewayEnv}. */
    void checkAgainstGateway(Map<String, String> gatewayEnv, int brokers, String where) {
        String expectedTopic = gatewayEnv.getOrDefault("KAFKA_WAL_TOPIC", defaultOf("KAFKA_WAL_TOPIC"));
        assertEquals(expectedTopic, topic, where + ": the gateways append to " + expectedTopic);
        long largest = largestRecord(gatewayEnv);
        assertTrue(maxMessageBytes >= largest, where + ": max.message.bytes=" + maxMessageBytes
                + " is below the gateway's largest record " + largest);
        assertTrue(partitions >= 1, where + ": partitions");
        assertTrue(replicas >= 1 && replicas <= brokers, where + ": " + replicas + " replicas on " + brokers + " brokers");
        if (brokers >= 3) {
            assertTrue(replicas >= 3, where + ": an acked write must survive a broker loss: " + replicas + " replicas");
        }
    }

    static long largestRecord(Map<String, String> gatewayEnv) {
        String body = gatewayEnv.getOrDefault("GATEWAY_MAX_BODY_SIZE", defaultOf("GATEWAY_MAX_BODY_SIZE"));
        return new MemorySizeConverter().convert(body).asLongValue() + recordOverhead();
    }

    private static String defaultOf(String env) {
        return App.API_GATEWAY.property(env).defaultValue()
                .orElseThrow(() -> new IllegalStateException(env + " has no default"));
    }

    /** The gateway's own constant, read rather than copied so the two cannot drift. */
    static int recordOverhead() {
        try {
            Field f = Class.forName("io.hybridstore.gateway.infra.BackendProducer").getDeclaredField("RECORD_OVERHEAD");
            f.setAccessible(true);
            return f.getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("BackendProducer.RECORD_OVERHEAD moved: update WalTopic", e);
        }
    }

    private static int intFlag(String script, String flag, String where) {
        Matcher m = Pattern.compile(Pattern.quote(flag) + "[ =](\\d+)").matcher(script);
        assertTrue(m.find(), where + ": " + flag + " is not set");
        return Integer.parseInt(m.group(1));
    }
}
