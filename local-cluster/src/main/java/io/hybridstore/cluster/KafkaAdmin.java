package io.hybridstore.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/** The few admin calls the launcher makes, each bounded: a broker that is still starting must not hang us. */
final class KafkaAdmin implements AutoCloseable {
    private static final long CALL_TIMEOUT_MS = 5_000;
    private final Admin admin;

    KafkaAdmin(String bootstrapServers) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "local-cluster");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(CALL_TIMEOUT_MS));
        config.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, "1000");
        config.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, "2000");
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        config.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "50");
        config.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "200");
        this.admin = Admin.create(config);
    }

    /** True when the broker answers a metadata request and knows at least one live broker. */
    boolean clusterReady() throws Exception {
        return !admin.describeCluster().nodes().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS).isEmpty();
    }

    /** Creates the topic unless it exists; true once every partition has a leader (producers can write). */
    boolean ensureTopic(String name, int partitions, Map<String, String> configs) throws Exception {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames()
                .get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS).get(name);
        return description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    }

    boolean topicExists(String name) throws Exception {
        return admin.listTopics().names().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS).contains(name);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
