package io.hybridstore.gateway.auth;

import io.hybridstore.common.auth.AuthFailure;
import io.hybridstore.common.auth.BearerKey;
import io.hybridstore.common.auth.Caller;
import io.hybridstore.common.auth.SignedRequest;
import io.hybridstore.common.auth.Verified;
import io.hybridstore.common.auth.sigv4.SigV4Verifier;
import io.hybridstore.common.spi.AccessKeyStore;
import io.hybridstore.gateway.GatewayConfig;
import io.hybridstore.io.http.BearerToken;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The one decision of who calls the JSON and blob API, used by {@link ApiAuthFilter} (the REST
 * resources) and by the document route ({@code POST /write}, {@code GET /read/{key}} ahead of them):
 * the cluster token is the operator; {@code Bearer <key id>:<secret>} is an access key; AWS
 * Signature V4 headers or a presigned URL are verified; no credential at all passes as anonymous
 * unless {@code gateway.auth.required} (or the resource checks a credential of its own). Credentials
 * that are sent are always checked. It may read a key from etcd (a cache miss): call it off the event loop.
 */
@ApplicationScoped
public class ApiAuthentication {

    /**
     * Who presents the cluster token on the data API: the operator (the CLI sends it everywhere). It
     * is not an access key; the id only names it in whatever records the caller.
     */
    static final Caller OPERATOR = new Caller(Optional.of("cluster-token"), Optional.of("admin"));

    /**
     * Who called, and for a SigV4 request ({@code signed}) the check its body must pass as it is read
     * (the signed payload hash, aws-chunked signatures); for the other schemes the body is taken as is.
     */
    public record Decision(Caller caller, boolean signed, UnaryOperator<InputStream> body) {
        static Decision unsigned(Caller caller) {
            return new Decision(caller, false, UnaryOperator.identity());
        }
    }

    private final boolean required;
    private final Optional<BearerToken> clusterToken;
    private final AccessKeyStore keys;
    private final SigV4Verifier sigV4;

    ApiAuthentication(GatewayConfig config, AccessKeyStore keys, SigV4Verifier sigV4) {
        this.required = config.gateway().auth().required();
        this.clusterToken = config.cluster().token().filter(t -> !t.isBlank()).map(BearerToken::new);
        this.keys = keys;
        this.sigV4 = sigV4;
    }

    /**
     * @param authorization     the Authorization header, or null
     * @param signed            the request as SigV4 signs it, built only when no bearer credential was sent
     * @param selfAuthenticated the resource checks a credential of its own (a signed link), so none is required here
     * @throws AuthFailure when a credential that was sent does not check out, or none was sent and one is required
     */
    public Decision decide(String authorization, Supplier<SignedRequest> signed, boolean selfAuthenticated) {
        if (clusterToken.isPresent() && clusterToken.get().admits(authorization)) {
            return Decision.unsigned(OPERATOR);
        }
        if (BearerKey.isBearer(authorization)) {
            return Decision.unsigned(BearerKey.authenticate(authorization, keys));
        }
        SignedRequest request = signed.get();
        if (SigV4Verifier.carriesCredentials(request)) {
            Verified verified = sigV4.verify(request);
            return new Decision(verified.caller(), true, verified.body());
        }
        if (required && !selfAuthenticated) {
            throw new AuthFailure("MissingSecurityHeader", 401,
                    "this gateway needs an access key: Authorization: Bearer <key id>:<secret>, or AWS Signature V4");
        }
        return Decision.unsigned(Caller.ANONYMOUS);
    }
}
