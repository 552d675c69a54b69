package io.hybridstore.node.api;

import io.hybridstore.io.http.ChunkApi;

/**
 * The route template of a request to the node, as its request meters label it: a small fixed set,
 * so a metric series per chunk id can never appear. Pure: a method and a path in, a template out.
 * The node's own endpoints under {@code /q/} (health checks, the metrics scrape) are not routes
 * here: {@link #of} answers null for them, and they are not counted.
 */
enum NodeRoute {
    CHUNK(ChunkApi.CHUNKS + "/{id}"),
    VERIFY(ChunkApi.CHUNKS + "/{id}/" + ChunkApi.VERIFY),
    BATCH(ChunkApi.CHUNKS + "/" + ChunkApi.BATCH),
    BATCH_GET(ChunkApi.CHUNKS + "/" + ChunkApi.BATCH_GET),
    EXISTS(ChunkApi.CHUNKS + "/" + ChunkApi.EXISTS),
    /** The batched verify (the healer's scrub); {@link #VERIFY} is one chunk's. */
    VERIFY_BATCH(ChunkApi.CHUNKS + "/" + ChunkApi.VERIFY),
    LIST(ChunkApi.CHUNKS),
    /** Any other path (answered 401 or 404): counted together, whatever it was. */
    OTHER("other");

    private static final String MANAGEMENT = "/q/";
    private static final String CHUNKS_SLASH = ChunkApi.CHUNKS + "/";
    private static final String VERIFY_SUFFIX = "/" + ChunkApi.VERIFY;

    final String template;

    NodeRoute(String template) {
        this.template = template;
    }

    /**
     * The route of {@code method path} (path without its query), or null for {@code /q/...}. The
     * batch paths are routes of their own only for POST, as the API defines them: {@code PUT
     * /chunks/_batch} is a chunk (the id alphabet allows it).
     */
    static NodeRoute of(String method, String path) {
        if (path == null || path.startsWith(MANAGEMENT) || path.equals("/q")) {
            return null;
        }
        if (path.equals(ChunkApi.CHUNKS)) {
            return LIST;
        }
        if (!path.startsWith(CHUNKS_SLASH) || path.length() == CHUNKS_SLASH.length()) {
            return OTHER;
        }
        String rest = path.substring(CHUNKS_SLASH.length());
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            return slash > 0 && rest.substring(slash).equals(VERIFY_SUFFIX) ? VERIFY : OTHER;
        }
        if ("POST".equals(method)) {
            switch (rest) {
                case ChunkApi.BATCH:
                    return BATCH;
                case ChunkApi.BATCH_GET:
                    return BATCH_GET;
                case ChunkApi.EXISTS:
                    return EXISTS;
                case ChunkApi.VERIFY:
                    return VERIFY_BATCH;
                default:
                    return CHUNK;
            }
        }
        return CHUNK;
    }
}
