package io.hybridstore.gateway.api;

import static io.hybridstore.common.error.Detail.quoted;

/**
 * The detail of a refusal the REST layer makes itself, naming what the request asked: its own message
 * ("HTTP 405 Method Not Allowed", "Unable to find matching target resource method") says neither
 * which route nor which method. Pure: the request's facts in, a sentence out.
 */
final class RestRefusals {

    private RestRefusals() {
    }

    /**
     * @param allow       the methods the path takes (405), or null
     * @param contentType the request's Content-Type, or null
     * @param accept      the request's Accept, or null
     * @param message     the REST layer's own message, for any other status
     */
    static String detail(int status, String method, String path, String allow, String contentType, String accept, String message) {
        String target = method + " " + quoted(path);
        return switch (status) {
            case 404 -> "no route answers " + target;
            case 405 -> method + " is not allowed on " + quoted(path) + (allow == null ? "" : "; allowed: " + allow);
            case 406 -> target + " cannot answer Accept: " + quoted(accept);
            case 415 -> target + " does not take Content-Type: " + quoted(contentType);
            default -> message;
        };
    }
}
