package io.hybridstore.gateway.api;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.gateway.GatewayConfig;
import io.hybridstore.io.http.BearerToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The operator surface (resources marked {@link Admin}: object metadata, dead letters) needs
 * {@code Authorization: Bearer $CLUSTER_TOKEN}, the token the storage nodes already require; the data
 * API stays open (keep it behind your own proxy). It runs after matching and looks at the matched
 * resource, not at the path text, so no spelling of a path reaches an admin method without it.
 * Without a configured token (the memory backend) the admin surface is closed: fail closed.
 */
@ApplicationScoped
public class AdminTokenFilter {
    private final Optional<BearerToken> token;

    AdminTokenFilter(GatewayConfig config) {
        this.token = config.cluster().token().filter(t -> !t.isBlank()).map(BearerToken::new);
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public void requireToken(ContainerRequestContext request, ResourceInfo resource) {
        boolean admin = resource.getResourceClass() != null && (resource.getResourceClass().isAnnotationPresent(Admin.class)
                || resource.getResourceMethod() != null && resource.getResourceMethod().isAnnotationPresent(Admin.class));
        if (!admin) {
            return;
        }
        if (token.isEmpty()) {
            throw new StoreException(ErrorCode.UNAUTHORIZED, "no CLUSTER_TOKEN configured: the admin API is closed");
        }
        if (!token.get().admits(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            throw new StoreException(ErrorCode.UNAUTHORIZED, "the admin API needs Authorization: Bearer $CLUSTER_TOKEN");
        }
    }
}
