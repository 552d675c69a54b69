package io.hybridstore.e2e.s3;

import io.hybridstore.cluster.AppCopies;
import io.hybridstore.cluster.LocalCluster;
import io.hybridstore.e2e.MissingApps;
import io.hybridstore.e2e.Teardown;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * One real cluster (etcd, Kafka, 6 storage nodes, one gateway) for the AWS SDK's end-to-end classes
 * of a test run, set as compose and k8s run it: anonymous callers only read public-read buckets (the
 * local cluster lets them own buckets for experiments). The first class that needs it starts it;
 * JUnit stops it when the run ends (a value of the root store that is {@link AutoCloseable} is closed
 * with the store). A cluster start is most of such a class's time in CI, so they share one, each in
 * buckets of its own.
 */
final class SdkCluster implements AutoCloseable {

    /** Registered by a test class: {@code @RegisterExtension static final SdkCluster.Use S3 = new SdkCluster.Use();}. */
    static final class Use implements BeforeAllCallback {
        private SdkCluster cluster;

        @Override
        public void beforeAll(ExtensionContext context) {
            cluster = context.getRoot().getStore(ExtensionContext.Namespace.create(SdkCluster.class))
                    .computeIfAbsent(SdkCluster.class, k -> start(), SdkCluster.class);
        }

        SdkCluster get() {
            return cluster;
        }
    }

    private final LocalCluster cluster;
    private final AppCopies apps;
    private final List<S3Client> clients = new ArrayList<>();

    private SdkCluster(LocalCluster cluster, AppCopies apps) {
        this.cluster = cluster;
        this.apps = apps;
    }

    private static SdkCluster start() {
        Path base = Path.of("target", "s3-sdk-e2e", Long.toString(ProcessHandle.current().pid())).toAbsolutePath();
        AppCopies apps = null;
        try {
            apps = AppCopies.of(base.resolve("apps"), List.of("storage-node", "api-gateway"));
            MissingApps.check(apps.missing().isEmpty(), "needs the storage-node and api-gateway jars; not built: " + apps.missing());
            LocalCluster cluster = apps.useIn(LocalCluster.builder().baseDir(base).storageNodes(6).gateways(1).healers(0))
                    .env("gateway-1", "GATEWAY_S3_ANONYMOUS_ACCESS", "false")
                    .javaOpts("-Xmx192m")
                    .startTimeout(Duration.ofSeconds(180))
                    .start();
            return new SdkCluster(cluster, apps);
        } catch (Exception e) {
            try {
                Teardown.close(apps);
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException("the S3 cluster did not start", e);
        }
    }

    URI endpoint() {
        return cluster.s3Url("gateway-1");
    }

    URI blobApi() {
        return cluster.url("gateway-1");
    }

    String keyId() {
        return cluster.accessKeyId().orElseThrow(() -> new AssertionError("the local cluster made no access key"));
    }

    String secret() {
        return cluster.secretAccessKey().orElseThrow(() -> new AssertionError("the local cluster made no access key"));
    }

    /** The cluster's own key: a client as a user configures one (path style). */
    S3Client client() {
        return client(keyId(), secret(), null, b -> { });
    }

    synchronized S3Client client(String keyId, String secret, ExecutionInterceptor interceptor, Consumer<S3ClientBuilder> options) {
        S3ClientBuilder builder = S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
                .overrideConfiguration(c -> {
                    c.apiCallTimeout(Duration.ofSeconds(60)); // the SDK's retries, as users run it: a 4xx is never retried
                    if (interceptor != null) {
                        c.addExecutionInterceptor(interceptor);
                    }
                });
        options.accept(builder);
        S3Client s3 = builder.build();
        clients.add(s3);
        return s3;
    }

    @Override
    public synchronized void close() throws Exception {
        List<AutoCloseable> inOrder = new ArrayList<>(clients);
        inOrder.add(cluster);
        inOrder.add(apps);
        Teardown.close(inOrder.toArray(AutoCloseable[]::new));
    }
}
