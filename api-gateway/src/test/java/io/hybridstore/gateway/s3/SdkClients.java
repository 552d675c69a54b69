package io.hybridstore.gateway.s3;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The AWS SDK client the S3 tests drive the test app's listener with: path style, anonymous. */
final class SdkClients {

    private SdkClients() {
    }

    static S3Client anonymous(S3Server server) {
        return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + server.port())).region(Region.US_EAST_1)
                .forcePathStyle(true).credentialsProvider(AnonymousCredentialsProvider.create()).build();
    }
}
