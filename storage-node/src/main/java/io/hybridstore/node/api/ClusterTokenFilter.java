package io.hybridstore.node.api;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.io.http.BearerToken;
import io.hybridstore.node.NodeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every REST request needs {@code Authorization: Bearer <cluster token>}; health and metrics are
 * not REST resources ({@code /q/*} routes) and stay open. It runs before matching, so an unknown
 * path answers 401 too and reveals nothing. Application-scoped (a lazy proxy) because REST filters
 * are set up at static init, before runtime configuration such as the token exists.
 */
@ApplicationScoped
public class ClusterTokenFilter {
    private final BearerToken token;

    ClusterTokenFilter(NodeConfig.Cluster cluster) {
        this.token = new BearerToken(cluster.token());
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public void requireToken(ContainerRequestContext request) {
        if (!token.admits(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            throw new StoreException(ErrorCode.UNAUTHORIZED, "missing or wrong bearer token");
        }
    }
}
