package io.hybridstore.node.api;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.node.NodeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every REST request needs {@code Authorization: Bearer <cluster token>}; health and metrics are
 * not REST resources ({@code /q/*} routes) and stay open. It runs before matching, so an unknown
 * path answers 401 too and reveals nothing. Both sides are hashed before the constant-time compare
 * so not even the token's length leaks through timing. Application-scoped (a lazy proxy) because
 * REST filters are set up at static init, before runtime configuration such as the token exists.
 */
@ApplicationScoped
public class ClusterTokenFilter {
    private static final String BEARER = "Bearer ";
    private final byte[] expected;

    ClusterTokenFilter(NodeConfig.Cluster cluster) {
        this.expected = sha256(cluster.token());
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public void requireToken(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String presented = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()).trim() : "";
        if (!MessageDigest.isEqual(expected, sha256(presented))) {
            throw new StoreException(ErrorCode.UNAUTHORIZED, "missing or wrong bearer token");
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
