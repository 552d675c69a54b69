package io.hybridstore.io.etcd;

import com.google.common.util.concurrent.MoreExecutors;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ClusterKeys;
import io.hybridstore.common.time.Timeouts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One jetcd client per process, shared by the etcd adapters (metadata, membership, election).
 *
 * <p>Why {@link #await}: a jetcd call against an unreachable endpoint never completes on its own
 * (the client retries and waits for the channel), so every call an adapter makes goes through
 * {@code await}, which bounds it by the request timeout and classifies the failure once. jetcd
 * types ({@link Client}, {@link ByteSequence}) are for adapters in {@code io.hybridstore.io}; apps
 * see only the {@code common.spi} interfaces.
 */
public final class EtcdConnection implements AutoCloseable {

    private final Client client;
    private final ClusterKeys keys;
    private final Duration requestTimeout;

    private EtcdConnection(Client client, ClusterKeys keys, Duration requestTimeout) {
        this.client = client;
        this.keys = keys;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Connects lazily (jetcd opens the channel on first use), so creating a connection never fails
     * because etcd is down; the first call does, with UNAVAILABLE (refused, or no answer within the bound).
     *
     * @param endpoints      etcd client URLs, e.g. {@code http://127.0.0.1:2379}
     * @param prefix         key prefix of this cluster (see {@link ClusterKeys})
     * @param requestTimeout bound of every call made through {@link #await}
     */
    public static EtcdConnection connect(List<String> endpoints, String prefix, Duration requestTimeout) {
        if (endpoints == null || endpoints.isEmpty() || endpoints.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("etcd endpoints must be a non-empty list of URLs: " + endpoints);
        }
        Client client = clientBuilder(endpoints)
                .connectTimeout(requestTimeout)
                .keepaliveTime(Duration.ofSeconds(10))
                .keepaliveTimeout(Duration.ofSeconds(3))
                // Retry transient failures inside jetcd only briefly; await() bounds the total anyway.
                .retryMaxDuration(requestTimeout)
                .build();
        return new EtcdConnection(client, new ClusterKeys(prefix), requestTimeout);
    }

    /**
     * A jetcd client builder for {@code endpoints} whose calls start on the caller's thread. Why: jetcd
     * hands every unary call (a get, a transaction) to its executor before it starts the gRPC call
     * ({@code Failsafe...getStageAsync}), by default a cached thread pool: one thread wake-up per call,
     * on cores every process of a local cluster shares. Starting a call does not block (the gRPC stub
     * queues the request for its event loop), so the caller may as well do it. A retry after a backoff
     * starts on Failsafe's own delay thread. The answer still completes on jetcd's event loop, as before.
     * The bench's etcd floor builds its client here too, so it is measured the same way.
     */
    public static ClientBuilder clientBuilder(List<String> endpoints) {
        return Client.builder()
                .endpoints(endpoints.toArray(String[]::new))
                .executorService(MoreExecutors.newDirectExecutorService());
    }

    /** Parses a comma-separated endpoint list (the {@code ETCD_ENDPOINTS} form). */
    public static List<String> parseEndpoints(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** For adapters only. */
    public Client client() {
        return client;
    }

    public ClusterKeys keys() {
        return keys;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Waits for a jetcd future at most the request timeout; failures become classified {@link StoreException}s,
     * no answer in time included (UNAVAILABLE: see {@link EtcdErrors}).
     */
    public <T> T await(CompletableFuture<T> future, String operation) {
        return await(future, operation, requestTimeout);
    }

    public <T> T await(CompletableFuture<T> future, String operation, Duration timeout) {
        try {
            // Parked without a timeout of its own, woken by the answer or the shared timer (Timeouts: why).
            return Timeouts.shared().await(future, timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new StoreException(ErrorCode.UNAVAILABLE, "interrupted while waiting for etcd " + operation, e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw EtcdErrors.classify(e, operation);
        } catch (ExecutionException e) {
            throw EtcdErrors.classify(e, operation);
        }
    }

    /** Classifies a failure seen outside {@link #await} (e.g. in a stream observer callback). */
    public static StoreException classify(Throwable failure, String operation) {
        return EtcdErrors.classify(failure, operation);
    }

    /** Cheap liveness probe of etcd (for readiness checks): true when a read answers within {@code timeout}. */
    public boolean isReachable(Duration timeout) {
        try {
            await(client.getKVClient().get(bytes(keys.prefix() + "/health-probe")), "health probe", timeout);
            return true;
        } catch (StoreException e) {
            return false;
        }
    }

    public static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    public static String text(ByteSequence bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        client.close();
    }
}
