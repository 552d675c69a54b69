package io.hybridstore.common.model;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;

/**
 * The one pool of Jackson's parse and write buffers that every JSON, CBOR and XML factory of the
 * product shares. Why not Jackson 2's default: it keeps one set of buffers per thread (a
 * {@code ThreadLocal}), and the gateway parses and writes on a new virtual thread per request, so
 * every parser and generator allocated its buffers afresh (8-16 KiB each; a document read parses
 * its record and its parts and writes its answer). A bounded pool hands a finished parser's buffers
 * to the next one on any thread, and keeps at most {@link #RETAINED} sets (a few hundred KiB) when
 * more were in use at once; the others go to the garbage collector as before.
 */
public final class JsonBuffers {

    /** Buffer sets kept for reuse: above the requests a gateway has in flight at once in the benchmarks (32 clients). */
    static final int RETAINED = 64;

    private static final RecyclerPool<BufferRecycler> POOL = JsonRecyclerPools.newBoundedPool(RETAINED);

    private JsonBuffers() {
    }

    public static RecyclerPool<BufferRecycler> pool() {
        return POOL;
    }
}
