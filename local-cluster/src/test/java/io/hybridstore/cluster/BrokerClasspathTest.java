package io.hybridstore.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BrokerClasspathTest {
    @Test
    void theBrokerGetsKafkaAnSlf4jBindingAndItsApi() {
        List<String> jars = BrokerClasspath.split(BrokerClasspath.resolve());
        for (String expected : List.of("/kafka_2.13-", "/kafka-clients-", "/slf4j-simple-", "/slf4j-api-", "/scala-library-")) {
            assertTrue(jars.stream().anyMatch(j -> j.contains(expected)), expected + " missing from " + jars);
        }
        assertTrue(jars.stream().noneMatch(j -> j.contains("junit")), "test jars leaked: " + jars);
    }
}
