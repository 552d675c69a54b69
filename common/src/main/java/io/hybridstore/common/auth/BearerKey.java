package io.hybridstore.common.auth;

import io.hybridstore.common.auth.sigv4.Hashes;
import io.hybridstore.common.spi.AccessKeyStore;

/**
 * The JSON and blob API's simple scheme: {@code Authorization: Bearer <key id>:<secret>}, the same
 * keys S3 clients sign with. The secret travels as is, so it is for TLS or loopback; SigV4 is
 * the scheme that never sends it. The secret is compared in constant time.
 */
public final class BearerKey {

    public static final String SCHEME = "Bearer ";

    private BearerKey() {
    }

    public static boolean isBearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /** @throws AuthFailure 401-style codes for a malformed, unknown or wrong credential */
    public static Caller authenticate(String authorization, AccessKeyStore keys) {
        String credential = authorization.substring(SCHEME.length()).strip();
        int colon = credential.indexOf(':');
        if (colon <= 0 || colon == credential.length() - 1) {
            throw new AuthFailure("InvalidArgument", 401, "Authorization: Bearer needs <access key id>:<secret>");
        }
        String id = credential.substring(0, colon);
        String secret = credential.substring(colon + 1);
        AccessKey key = keys.find(id).orElseThrow(() -> new AuthFailure("InvalidAccessKeyId", 401,
                "The access key id you provided does not exist in our records."));
        if (!Hashes.constantTimeEquals(key.secret(), secret)) {
            throw new AuthFailure("SignatureDoesNotMatch", 401, "The secret does not match the access key id.");
        }
        return Caller.of(key);
    }
}
