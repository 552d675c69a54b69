package io.hybridstore.gateway.api;

import io.hybridstore.common.error.Detail;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.write.PercentDecoding;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every query parameter of the JSON, blob and admin API is read strictly, as a key in a path is
 * ({@link io.hybridstore.common.write.KeyPaths}): escaped bytes that are not UTF-8 ({@code ?prefix=%FF})
 * name nothing and are the client's 400, naming the parameter. Why a filter: the REST layer decodes
 * query parameters leniently (such bytes become U+FFFD and the listing looks for that), and it does so
 * for every resource alike. It runs first, before credentials are checked: the request cannot mean
 * anything. The document route ({@link DocumentRoute}) takes no request with a query.
 */
@ApplicationScoped
public class StrictQueryFilter {

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 1)
    public void requireUtf8(HttpServerRequest request) {
        String query = request.query();
        if (query != null && !query.isEmpty()) {
            check(query);
        }
    }

    /**
     * Refuses a raw query (one char per byte of the request line) holding a name or value that does not
     * decode; '+' is a space, as in a form.
     *
     * @throws StoreException BAD_REQUEST naming the parameter
     */
    static void check(String rawQuery) {
        for (String pair : rawQuery.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), "a query parameter's name");
            if (equals >= 0) {
                decode(pair.substring(equals + 1), "query parameter '" + name + "'");
            }
        }
    }

    private static String decode(String raw, String what) {
        try {
            return PercentDecoding.decode(raw, true);
        } catch (PercentDecoding.Malformed e) {
            throw StoreException.badRequest(what + switch (e.problem()) {
                case MALFORMED_ESCAPE -> " holds a malformed percent-escape at " + e.at();
                case WIDE_CHAR -> " holds a char no request line carries";
                case NOT_UTF8 -> " is not UTF-8 once percent-decoded";
            } + " (" + Detail.quoted(raw) + ")");
        }
    }
}
