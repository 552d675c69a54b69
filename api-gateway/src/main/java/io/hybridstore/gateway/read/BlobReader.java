package io.hybridstore.gateway.read;

import io.hybridstore.common.digest.Sha256;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.BlobInfo;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.gateway.GatewayMetrics;
import io.hybridstore.gateway.blob.ByteRange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * Serves blobs. A replicated blob is one hedged replica read; a striped one is streamed stripe by
 * stripe, {@code readAhead} stripes fetched in parallel ahead of the client, each through the cold
 * read path (k data shards, parity when one fails, every shard checked against the CRC32C the
 * writer recorded before a byte of its stripe is sent; stripes of the first format, against their
 * SHA-256). So a node that dies mid-download costs the affected stripes a decode and the
 * download goes on. Memory is bounded by the read-ahead ({@link ReadAhead}: less for a short range),
 * whatever the blob's size, and the stripes being fetched at once by all downloads together by a
 * {@link FetchBudget}.
 */
public final class BlobReader {

    private static final Logger LOG = Logger.getLogger(BlobReader.class);

    /** An opened blob: its record and the bytes to send ({@code range}), written by {@link #writeTo}. */
    public final class Download {
        private final MetadataStore.Stored stored;
        private final ByteRange range;
        private final boolean partial;

        private Download(MetadataStore.Stored stored, ByteRange range, boolean partial) {
            this.stored = stored;
            this.range = range;
            this.partial = partial;
        }

        /** A range was asked for and is served (206), rather than the whole blob (200). */
        public boolean partial() {
            return partial;
        }

        public ObjectMetadata metadata() {
            return stored.metadata();
        }

        public BlobInfo blob() {
            return stored.metadata().blob();
        }

        /** The bytes sent: the whole blob or the requested range (null when the blob is empty). */
        public ByteRange range() {
            return range;
        }

        public void writeTo(OutputStream out) throws IOException {
            send(this, out);
        }

        /** The same blob, none of its bytes (200 with an empty body: an empty part of it). */
        public Download none() {
            return new Download(stored, null, false);
        }

        /**
         * The same blob with the range a {@code Range} header asks for (null header: the whole
         * blob); for callers that decide on conditions before they look at the range (S3).
         */
        public Download ranged(String rangeHeader) {
            long size = blob().size();
            ByteRange requested = ByteRange.parse(rangeHeader, size);
            return new Download(stored, requested != null ? requested : size == 0 ? null : ByteRange.all(size), requested != null);
        }
    }

    private final RecordCache records;
    private final HotReader hotReader;
    private final ColdReader coldReader;
    private final DamageReporter damage;
    private final ExecutorService executor;
    private final GatewayMetrics metrics;
    private final ReadAhead readAhead;
    private final FetchBudget budget;

    BlobReader(RecordCache records, HotReader hotReader, ColdReader coldReader, DamageReporter damage, ExecutorService executor,
               GatewayMetrics metrics, ReadAhead readAhead, FetchBudget budget) {
        this.records = records;
        this.hotReader = hotReader;
        this.coldReader = coldReader;
        this.damage = damage;
        this.executor = executor;
        this.metrics = metrics;
        this.readAhead = readAhead;
        this.budget = budget;
    }

    /**
     * The blob's record and the range to send; 404 when absent or deleted, 409 when the key holds a
     * JSON document, 416 for a range past the end. Reads no chunk yet. The record comes from the
     * {@link RecordCache} while the store still answers its revision (a client reading in ranges opens
     * the same blob once per range).
     */
    public Download open(String name, String rangeHeader) {
        MetadataStore.Stored stored = records.get(name).filter(s -> !s.metadata().deleted())
                .orElseThrow(() -> StoreException.notFound("no blob " + name));
        if (!stored.metadata().holdsBlob()) {
            throw new StoreException(ErrorCode.KIND_MISMATCH, name + " holds a JSON document; read it with GET /read/{key}");
        }
        return new Download(stored, null, false).ranged(rangeHeader);
    }

    private void send(Download download, OutputStream out) throws IOException {
        ObjectMetadata m = download.metadata();
        ByteRange range = download.range();
        List<ChunkLocation> damaged = new CopyOnWriteArrayList<>();
        try {
            if (range == null) {
                return; // empty blob
            }
            if (!m.blob().striped()) {
                byte[] bytes = hotReader.read(m.hot(), damaged); // verified against the blob's SHA-256
                out.write(bytes, (int) range.first(), (int) range.length());
            } else {
                sendStripes(m, range, download.partial(), out, damaged);
            }
            metrics.blobBytes("out", range.length());
        } finally {
            if (!damaged.isEmpty()) {
                damaged.forEach(d -> metrics.damageFound("blob"));
                damage.report(download.stored, damaged);
            }
        }
    }

    private void sendStripes(ObjectMetadata m, ByteRange range, boolean partial, OutputStream out, List<ChunkLocation> damaged)
            throws IOException {
        // Stripe offsets from each stripe's own length: a blob of one upload has full stripes and a
        // short last one, a multipart object a short last stripe in every part.
        long[] starts = stripeStarts(m.stripes());
        int first = stripeAt(starts, range.first());
        int last = stripeAt(starts, range.last());
        int depth = readAhead.stripesFor(partial, last - first + 1);
        // The whole blob's SHA-256 is checked too when all of it is sent (an object assembled from parts
        // has none: only its stripes' checksums); each stripe was already verified.
        MessageDigest whole = range.whole() && m.blob().hasWholeSha256() ? sha256() : null;
        Deque<Future<List<ByteBuffer>>> ahead = new ArrayDeque<>();
        int next = first;
        try {
            for (int i = first; i <= last; i++) {
                while (next <= last && ahead.size() < depth) {
                    ColdPart stripe = m.stripes().get(next++);
                    // Each stripe waits for the gateway's fetch budget on its own thread, in the order asked.
                    ahead.add(executor.submit(() -> budget.fetch(stripe.size(), () -> coldReader.readPieces(stripe, damaged, new boolean[1]))));
                }
                long at = starts[i]; // blob offset of the piece at hand
                for (ByteBuffer piece : await(ahead.poll(), m.key(), i)) {
                    long from = Math.max(at, range.first());
                    long to = Math.min(at + piece.remaining(), range.last() + 1);
                    if (from < to) {
                        out.write(piece.array(), piece.arrayOffset() + piece.position() + (int) (from - at), (int) (to - from));
                    }
                    at += piece.remaining();
                    if (whole != null) {
                        whole.update(piece);
                    }
                }
            }
        } finally {
            ahead.forEach(f -> f.cancel(true));
        }
        if (whole != null && !HexFormat.of().formatHex(whole.digest()).equals(m.blob().sha256())) {
            // Every stripe matched its own hash, so the record itself disagrees with the bytes. The
            // status line is gone already: break the response rather than end it as if it were good.
            LOG.errorf("blob %s at %s: stripes verified but the whole does not match its SHA-256", m.key(), m.version());
            throw new IOException("blob " + m.key() + " does not match its SHA-256");
        }
    }

    /** The blob offset each stripe starts at. */
    static long[] stripeStarts(List<ColdPart> stripes) {
        long[] starts = new long[stripes.size()];
        long at = 0;
        for (int i = 0; i < starts.length; i++) {
            starts[i] = at;
            at += stripes.get(i).size();
        }
        return starts;
    }

    /** The stripe holding blob offset {@code offset}: the last one starting at or before it. */
    static int stripeAt(long[] starts, long offset) {
        int i = java.util.Arrays.binarySearch(starts, offset);
        if (i >= 0) {
            while (i + 1 < starts.length && starts[i + 1] == offset) {
                i++; // past empty stripes (an empty part has none, but be exact)
            }
            return i;
        }
        return -i - 2;
    }

    private static List<ByteBuffer> await(Future<List<ByteBuffer>> stripe, String name, int index) throws IOException {
        try {
            return stripe.get();
        } catch (ExecutionException e) {
            // Headers are sent: the client sees a broken transfer (shorter than Content-Length), never wrong bytes.
            LOG.errorf("blob %s: stripe %d could not be read, aborting the download: %s", name, index, e.getCause().toString());
            throw new IOException("stripe " + index + " of " + name + " could not be read", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static MessageDigest sha256() {
        return Sha256.newDigest();
    }
}
