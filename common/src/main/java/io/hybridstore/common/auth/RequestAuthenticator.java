package io.hybridstore.common.auth;

/**
 * Checks a request's AWS Signature V4 (header or presigned query) against the access-key store.
 * A request that carries no credentials at all is {@link Caller#ANONYMOUS}; whether an anonymous
 * caller may do what it asks is the caller's (the bucket policy's) decision, not this one's.
 */
public interface RequestAuthenticator {

    /** @throws AuthFailure when the request carries credentials that do not check out */
    Verified authenticate(SignedRequest request);
}
