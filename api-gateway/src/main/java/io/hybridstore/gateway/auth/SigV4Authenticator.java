package io.hybridstore.gateway.auth;

import io.hybridstore.common.auth.RequestAuthenticator;
import io.hybridstore.common.auth.SignedRequest;
import io.hybridstore.common.auth.Verified;
import io.hybridstore.common.auth.sigv4.SigV4Verifier;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The S3 listener's authenticator: AWS Signature V4 (header or presigned URL) against the access
 * keys in etcd. A request without an Authorization header and without X-Amz-Credential is
 * anonymous; what an anonymous caller may do is the bucket's decision, not this one's. Blocking:
 * a key not in the cache is read from etcd (bounded by etcd.request-timeout), so call it off the
 * event loop.
 */
@ApplicationScoped
public class SigV4Authenticator implements RequestAuthenticator {

    private final SigV4Verifier verifier;

    SigV4Authenticator(SigV4Verifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Verified authenticate(SignedRequest request) {
        return verifier.verify(request);
    }
}
