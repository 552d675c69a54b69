package io.hybridstore.io.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Readiness probe of the broker: asks it for the cluster description within a bound. A producer's
 * cached metadata would keep answering after the broker died, so this asks the broker each time.
 */
public final class KafkaHealth implements AutoCloseable {

    private final Admin admin;

    public KafkaHealth(String bootstrapServers, String clientId) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, clientId));
    }

    public boolean isReachable(Duration timeout) {
        try {
            int ms = (int) timeout.toMillis();
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms)).nodes().get(ms, TimeUnit.MILLISECONDS).isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
