package io.hybridstore.gateway.auth;

import io.hybridstore.common.auth.Caller;
import io.hybridstore.common.auth.SignedRequest;
import io.hybridstore.common.spi.TimeSource;
import io.hybridstore.gateway.api.Admin;
import io.hybridstore.gateway.api.SelfAuthenticated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Access keys on the JSON and blob API (every resource not marked {@link Admin}, which keeps the
 * cluster token), as {@link ApiAuthentication} decides them. Two schemes: {@code Authorization: Bearer <key id>:<secret>} (simple; sends the
 * secret, so for TLS or loopback) and AWS Signature V4 headers or presigned URLs (the secret never
 * travels; a signed or aws-chunked body is checked as the resource reads it). Credentials that are
 * sent are always checked; with {@code gateway.auth.required=false} a request without any passes
 * as before. The cluster token is accepted too ({@code Bearer $CLUSTER_TOKEN}): it is the operator's
 * credential, already good for /admin and the storage nodes. Resources marked {@link SelfAuthenticated}
 * (a signed link's GET) check their own credential and need no access key. Health and metrics are not resources and stay open.
 *
 * <p>It runs on the resource's own thread (a virtual or worker thread: the resources are blocking), so
 * a key read from etcd on a cache miss never blocks the event loop.
 */
@ApplicationScoped
public class ApiAuthFilter {

    /** The request property holding the {@link Caller}, for resources that want to know who asked. */
    public static final String CALLER = "hybridstore.caller";

    private final ApiAuthentication authentication;
    private final TimeSource time;

    ApiAuthFilter(ApiAuthentication authentication, TimeSource time) {
        this.authentication = authentication;
        this.time = time;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 1)
    public void authenticate(ContainerRequestContext request, ResourceInfo resource) {
        if (resource.getResourceClass() == null || marked(resource, Admin.class)) {
            return;
        }
        ApiAuthentication.Decision decision = authentication.decide(request.getHeaderString(HttpHeaders.AUTHORIZATION),
                () -> signedRequest(request), marked(resource, SelfAuthenticated.class));
        if (decision.signed()) {
            request.setEntityStream(decision.body().apply(request.getEntityStream()));
            decodedLength(request);
        }
        request.setProperty(CALLER, decision.caller());
    }

    private static boolean marked(ResourceInfo resource, Class<? extends java.lang.annotation.Annotation> annotation) {
        return resource.getResourceClass().isAnnotationPresent(annotation)
                || resource.getResourceMethod() != null && resource.getResourceMethod().isAnnotationPresent(annotation);
    }

    /**
     * An aws-chunked body is longer than the object it carries: the resources read Content-Length as
     * the object's size, so it becomes x-amz-decoded-content-length (or goes, when that is not sent).
     */
    private static void decodedLength(ContainerRequestContext request) {
        String mode = request.getHeaderString("x-amz-content-sha256");
        if (mode == null || !mode.startsWith("STREAMING-")) {
            return;
        }
        String decoded = request.getHeaderString("x-amz-decoded-content-length");
        if (decoded == null) {
            request.getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
        } else {
            request.getHeaders().putSingle(HttpHeaders.CONTENT_LENGTH, decoded.strip());
        }
    }

    private SignedRequest signedRequest(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.getHeaders().forEach((name, values) -> headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>())
                .addAll(values));
        // Quarkus REST leaves Host out of the header map; the request URI's authority is built from it.
        if (!headers.containsKey("host") && uri.getRawAuthority() != null) {
            headers.put("host", List.of(uri.getRawAuthority()));
        }
        return new SignedRequest(request.getMethod(), uri.getRawPath(), uri.getRawQuery() == null ? "" : uri.getRawQuery(), headers,
                time.clock().instant());
    }
}
