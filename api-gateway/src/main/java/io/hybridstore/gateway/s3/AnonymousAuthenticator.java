package io.hybridstore.gateway.s3;

import io.hybridstore.common.auth.Caller;
import io.hybridstore.common.auth.RequestAuthenticator;
import io.hybridstore.common.auth.SignedRequest;
import io.hybridstore.common.auth.Verified;
import io.quarkus.arc.DefaultBean;
import jakarta.inject.Singleton;

/**
 * The placeholder until Signature V4 is in place: every request is anonymous, nothing is verified,
 * and an {@code aws-chunked} body is only unframed ({@link AwsChunkedDecoder}) so chunking clients
 * work. The SigV4 authenticator, a bean of its own, replaces this one without changes here.
 */
@Singleton
@DefaultBean
public class AnonymousAuthenticator implements RequestAuthenticator {

    @Override
    public Verified authenticate(SignedRequest request) {
        if (AwsChunkedDecoder.isChunked(request.header("x-amz-content-sha256"), request.header("content-encoding"))) {
            return new Verified(Caller.ANONYMOUS, AwsChunkedDecoder::new);
        }
        return Verified.anonymous();
    }
}
