package io.hybridstore.node.api;

import io.hybridstore.common.error.StoreException;
import jakarta.ws.rs.Priorities;
import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses, on the raw request path and before any decoding or normalisation, what no legitimate
 * client sends: dot-segments and percent-encoding. Chunk ids use only URI-unreserved characters, so
 * a real id never needs encoding; an encoded dot, slash or backslash is a probe. Ids are validated
 * again ({@code ChunkIds}) and could not escape their directory anyway — this makes the answer a
 * clear 400 instead of whatever a normalised path happens to match.
 */
public class PathGuard {

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION + 1)
    public void refuseTraversal(HttpServerRequest request) {
        // The URI as received: JAX-RS's view of it is already normalised ("/chunks/.." became "/").
        String raw = request.uri();
        int query = raw.indexOf('?');
        String lower = (query < 0 ? raw : raw.substring(0, query)).toLowerCase(Locale.ROOT);
        if (lower.indexOf('%') >= 0 || lower.indexOf('\\') >= 0 || hasDotSegment(lower)) {
            throw StoreException.badRequest("request path must not contain percent-encoding, backslashes or dot-segments");
        }
    }

    private static boolean hasDotSegment(String path) {
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
