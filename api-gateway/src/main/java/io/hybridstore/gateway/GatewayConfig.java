package io.hybridstore.gateway;

import io.hybridstore.common.model.ClusterKeys;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's whole configuration, one mapping rooted at the top level so the groups read as the
 * environment variables operators set: {@code etcd.endpoints} is {@code ETCD_ENDPOINTS},
 * {@code kafka.bootstrap-servers} is {@code KAFKA_BOOTSTRAP_SERVERS}, {@code cluster.token} is
 * {@code CLUSTER_TOKEN}, {@code gateway.id} is {@code GATEWAY_ID}, {@code gateway.replicas} is
 * {@code GATEWAY_REPLICAS}. Every default is declared here and nowhere else.
 */
@ConfigMapping(prefix = "")
public interface GatewayConfig {

    Etcd etcd();

    Kafka kafka();

    Cluster cluster();

    Gateway gateway();

    interface Etcd {
        /** Client URLs; required unless {@code gateway.backend=memory}. */
        Optional<List<String>> endpoints();

        @WithDefault(ClusterKeys.DEFAULT_PREFIX)
        String prefix();

        /** Bound of every etcd call: a call to a dead endpoint never returns on its own. */
        @WithName("request-timeout")
        @WithDefault("2s")
        Duration requestTimeout();
    }

    interface Kafka {
        /** Required unless {@code gateway.backend=memory}. */
        @WithName("bootstrap-servers")
        Optional<String> bootstrapServers();

        /** The write-ahead log topic; its {@code max.message.bytes} must admit {@code gateway.max-body-size} plus ~1 KiB. */
        @WithName("wal-topic")
        @WithDefault("wal-events")
        String walTopic();

        /** A WAL append not acknowledged within this becomes 503. */
        @WithName("ack-timeout")
        @WithDefault("5s")
        Duration ackTimeout();

        /**
         * WAL produce requests in flight to the broker, 1 to 5: fewer makes concurrent writes share a
         * request (a lone write still leaves at once). See {@code KafkaWriteAheadLog}.
         */
        @WithName("max-in-flight")
        @WithDefault("5")
        int maxInFlight();
    }

    interface Cluster {
        /** Bearer token the storage nodes require. Required unless {@code gateway.backend=memory}. */
        Optional<String> token();
    }

    interface Gateway {
        /** Names this gateway in logs, WAL records and Kafka client ids. */
        @WithDefault("gateway")
        String id();

        /** {@code real}: etcd, Kafka, storage nodes. {@code memory}: in-process fakes, for wiring tests only. */
        @WithDefault("real")
        Backend backend();

        /** Copies of the hot part. */
        @WithDefault("3")
        int replicas();

        /** Reed-Solomon data shards (k). */
        @WithName("data-shards")
        @WithDefault("4")
        int dataShards();

        /** Reed-Solomon parity shards (m). */
        @WithName("parity-shards")
        @WithDefault("2")
        int parityShards();

        /** Strings up to this many UTF-8 bytes are hot (unless a glob says otherwise). */
        @WithName("hot-string-max-bytes")
        @WithDefault("256")
        int hotStringMaxBytes();

        /** Top-level field globs always stored hot. */
        @WithName("hot-fields")
        Optional<List<String>> hotFields();

        /** Top-level field globs always stored cold (wins over hot-fields). */
        @WithName("cold-fields")
        Optional<List<String>> coldFields();

        /** Largest accepted request body; larger is 413. Must stay below quarkus.http.limits.max-body-size. */
        @WithName("max-body-size")
        @WithDefault("16M")
        MemorySize maxBodySize();

        /** Bound of each storage-node call (a write's whole fan-out waits at most this long). */
        @WithName("node-timeout")
        @WithDefault("3s")
        Duration nodeTimeout();

        /**
         * The slowest node transfer rate (bytes per second) still considered healthy: a write's
         * timeouts grow by the time its largest chunk needs at this rate.
         */
        @WithName("node-min-throughput")
        @WithDefault("4M")
        MemorySize nodeMinThroughput();

        /**
         * How long a write waits for its slowest node before answering 202 with the rest pending
         * (state IN_PROGRESS; the stragglers update the metadata when they finish, up to node-timeout).
         */
        @WithName("answer-timeout")
        @WithDefault("1s")
        Duration answerTimeout();

        /** Shortest wait before a read asks a second replica. */
        @WithName("hedge-floor")
        @WithDefault("5ms")
        Duration hedgeFloor();

        /** How long the node list from etcd may be reused. */
        @WithName("node-cache")
        @WithDefault("500ms")
        Duration nodeCache();

        /**
         * Whether a write of a key this gateway has not seen lately skips reading the key first: it
         * plans as over no record and commits only while the key has none, and plans again from a read
         * if it has one (KnownKeys). False: every write reads its key first (to measure what the guess
         * is worth, or if an overwrite workload of keys unknown to the gateway makes wrong guesses many
         * enough to matter; the gateway also stops guessing by itself once more than 4 in a window of 128 are wrong).
         */
        @WithName("guess-new-keys")
        @WithDefault("true")
        boolean guessNewKeys();

        /**
         * Keys the gateway remembers as holding a record (written, read, or found by a write), whose
         * writes read first: 8 bytes each, rounded up to a power of two. A table of N keeps most of the
         * last N/2 keys seen; a key forgotten only costs its next write a wrong guess.
         */
        @WithName("known-keys")
        @WithDefault("262144")
        int knownKeys();

        /**
         * Heap for documents' parts (hot and cold, kept by SHA-256) this gateway wrote or read lately,
         * which its reads take from memory instead of the nodes; each part costs its bytes plus ~200.
         * The record is still read from etcd on every read. 0: off. At most a quarter of the heap. Unset:
         * {@link io.hybridstore.gateway.read.PartCache#DEFAULT_BYTES} or an eighth of the heap, whichever is
         * less (a gateway started with a small heap, as the blob tests' -Xmx128m, still starts).
         */
        @WithName("part-cache-size")
        Optional<MemorySize> partCacheSize();

        Replay replay();

        /** Pause of the usage folder after a fold that found less than a full read of deltas (after a full one it folds again at once). */
        @WithName("usage-fold-interval")
        @WithDefault("1s")
        Duration usageFoldInterval();

        Blob blob();

        S3 s3();

        Auth auth();

        @WithName("node-batch")
        NodeBatch nodeBatch();

        Catalogue catalogue();

        /**
         * Test-only crash point, e.g. {@code halt-after-wal}: the process halts right after a WAL ack,
         * before any node write or metadata commit, so end-to-end tests can prove the replay.
         */
        Optional<String> failpoint();
    }

    interface Replay {
        /** Whether this gateway takes part in the WAL replay consumer group. */
        @WithDefault("true")
        boolean enabled();

        /** Consumer group shared by all gateways. */
        @WithDefault("hybridstore-gateways")
        String group();

        /** Records younger than this are left to the live request that appended them. */
        @WithDefault("10s")
        Duration grace();

        /** Wait after a record could not be applied (etcd or nodes down) before trying it again. */
        @WithDefault("2s")
        Duration backoff();

        /**
         * A record failing unexpectedly (an unclassified error, not etcd or nodes being away) this
         * many times in a row is dead-lettered and its partition moves on. A non-retryable failure is
         * dead-lettered at once; a retryable one never is.
         */
        @WithName("max-attempts")
        @WithDefault("5")
        int maxAttempts();

        /**
         * Dead letters waiting (cluster-wide, in etcd) beyond which the replay holds a failing
         * record's partition instead of setting more aside: each may be as large as max-body-size,
         * and etcd's space is the metadata's too.
         */
        @WithName("dead-letter-max")
        @WithDefault("20")
        int deadLetterMax();
    }

    /**
     * Small chunk writes bound for one node leave together in batch requests ({@code POST
     * /chunks/_batch}) across concurrent writes: env {@code GATEWAY_NODE_BATCH_*}. A put that finds
     * fewer than max-in-flight batches open to its node leaves at once; others wait for the next.
     */
    interface NodeBatch {
        /** Off: every chunk is a PUT of its own, as before batching. */
        @WithDefault("true")
        boolean enabled();

        /** Chunks up to this size are batched; larger ones (blob stripe shards) are PUT alone. */
        @WithName("chunk-max")
        @WithDefault("128K")
        MemorySize chunkMax();

        /**
         * Batch requests open at once per node, for puts and batch-gets alike. One: the chunks that arrive
         * while a node's request is open leave together in the next, so at 32 readers a node gets fewer,
         * larger requests, which cost the nodes and the gateway less per chunk; a lone request still leaves
         * at once. With two (the value until session 33) the nodes spent 30-40 % more CPU per read at 32
         * readers and the writes were no faster (docs/benchmarks.md, "Session 33 (lead)").
         */
        @WithName("max-in-flight")
        @WithDefault("1")
        int maxInFlight();

        /** Chunks per batch at most (the node refuses more than NODE_BATCH_MAX_COUNT). */
        @WithName("max-chunks")
        @WithDefault("256")
        int maxChunks();

        /** Bytes per batch at most (the node refuses more than NODE_BATCH_MAX_BYTES). */
        @WithName("max-bytes")
        @WithDefault("4M")
        MemorySize maxBytes();
    }

    /** The catalogue's listing ({@code GET /objects}): env {@code GATEWAY_CATALOGUE_*}. */
    interface Catalogue {
        /**
         * Top-level document fields whose values are indexed for {@code field.NAME=} filters, e.g.
         * {@code status,owner,score}; at most 8. Each write stores their values in the record, so
         * a document written before a field was declared is found by it only after its next write.
         */
        @WithName("indexed-fields")
        Optional<List<String>> indexedFields();

        /**
         * A benchmark switch, not a setting: false makes this gateway's writes leave out the index
         * entries, to measure what they cost a write ({@code make bench-small} both ways). Listings
         * with filters are then wrong for what it wrote until {@code POST /admin/index/rebuild}.
         */
        @WithName("index-writes")
        @WithDefault("true")
        boolean indexWrites();

        /**
         * A benchmark switch, not a setting: false makes this gateway's writes leave out their usage
         * deltas, to measure what they cost a write. The usage counters then miss what it wrote
         * until a recount.
         */
        @WithName("usage-writes")
        @WithDefault("true")
        boolean usageWrites();

        /**
         * A benchmark switch, not a setting: false sends every metadata commit as its own etcd
         * request instead of joining concurrent ones in a shared transaction, to measure what the
         * coalescing is worth.
         */
        @WithName("coalesced-commits")
        @WithDefault("true")
        boolean coalescedCommits();

        /**
         * A benchmark switch, not a setting: false sends every single-key metadata read (a write
         * reads its key before it plans; a document read reads its record) as its own etcd request
         * instead of joining concurrent ones in one read-only transaction.
         */
        @WithName("coalesced-reads")
        @WithDefault("true")
        boolean coalescedReads();
    }

    /** Binary blobs ({@code PUT /blobs/{name}}, {@code POST /upload}): env {@code GATEWAY_BLOB_*}. */
    interface Blob {
        /** Blobs up to this size are stored as whole replicas; larger ones are striped and erasure coded. */
        @WithName("small-max-size")
        @WithDefault("1M")
        MemorySize smallMaxSize();

        /** Bytes per stripe; each stripe is coded into k+m shards. Grows for a blob too large for max-stripes of it. */
        @WithName("stripe-size")
        @WithDefault("4M")
        MemorySize stripeSize();

        /**
         * Most stripes one blob of one upload may have: a declared size needing more stripes gets larger
         * ones, an undeclared (chunked) upload past stripe-size x max-stripes is 413. (Fewer, larger
         * stripes cost fewer reads; the record would hold many more: an object completed from S3 parts
         * may have up to {@code RecordCodec.MAX_STRIPES}, kept in pages when more than 1,024.)
         */
        @WithName("max-stripes")
        @WithDefault("512")
        int maxStripes();

        /** Largest blob accepted (413 beyond). Memory per upload is about 6 stripes, and stripes grow with the size. */
        @WithName("max-size")
        @WithDefault("16G")
        MemorySize maxSize();

        /** Stripes being written to nodes while the next one is read from the client. */
        @WithName("stripes-in-flight")
        @WithDefault("2")
        int stripesInFlight();

        /** Stripes a download fetches ahead of the client. */
        @WithName("read-ahead")
        @WithDefault("3")
        int readAhead();

        /**
         * Stripes a ranged GET fetches ahead of its client when {@code read-ahead} would fetch its whole
         * range at once. Clients that ask for ranges keep several in flight (aws-cli: ten of 8 MiB), which
         * already keeps the nodes busy; a full read-ahead for each only holds fetched stripes in the heap.
         */
        @WithName("ranged-read-ahead")
        @WithDefault("1")
        int rangedReadAhead();

        /**
         * Decoded records of striped blobs the gateway keeps, each served again only while etcd still
         * answers its revision for its key (a keys-only read instead of the record and its decoding):
         * a client reading a blob in ranges (aws-cli: 128 of 8 MiB a GiB) opens it once per range. 0: none kept.
         */
        @WithName("record-cache-entries")
        @WithDefault("256")
        int recordCacheEntries();

        /** Estimated heap of the records {@code record-cache-entries} keeps, at most (a GiB of 256 stripes: about 440 KiB). */
        @WithName("record-cache-size")
        @WithDefault("8M")
        MemorySize recordCacheSize();

        /**
         * Bytes of stripes being fetched from the nodes at once, by all downloads together (each still
         * reads {@code read-ahead} ahead of its client). Ten ranged GETs at once otherwise put ten
         * read-aheads of shards in flight, which a small heap spends its CPU collecting. A stripe larger
         * than this is fetched alone.
         */
        @WithName("fetch-budget")
        @WithDefault("16M")
        MemorySize fetchBudget();

        /**
         * Bytes of shard arrays (data and parity) all uploads together hold at once, for stripes they
         * read or have on the wire. Ten S3 parts at once otherwise hold ten parts' stripes, which a
         * small heap spends its CPU collecting. One upload holds up to {@code stripes-in-flight} stripes
         * (6 MiB each at the default stripe size); one whose two stripes are more than this runs alone.
         */
        @WithName("write-budget")
        @WithDefault("48M")
        MemorySize writeBudget();

        /**
         * An upload still running after this is aborted (504). It must stay below the healer's GC
         * grace: chunks of an upload are unreferenced until its commit, and GC deletes unreferenced
         * chunks older than the grace.
         */
        @WithName("max-upload-time")
        @WithDefault("30m")
        Duration maxUploadTime();
    }

    /** The S3 listener ({@code docs/s3.md}): env {@code GATEWAY_S3_*}. */
    interface S3 {
        /** Off: no S3 listener in this gateway. */
        @WithDefault("true")
        boolean enabled();

        /** Its own port, beside the JSON and blob API's; 0 takes a free one (tests), logged at start. */
        @WithDefault("9000")
        int port();

        /** Interface to listen on (the local cluster sets 127.0.0.1). */
        @WithDefault("0.0.0.0")
        String host();

        /**
         * Domains under which {@code bucket.<domain>} names a bucket (virtual-host style); any other
         * Host is path style ({@code /bucket/key}).
         */
        @WithName("virtual-host-domains")
        @WithDefault("localhost")
        List<String> virtualHostDomains();

        /**
         * The region SigV4 requests must be signed for (clients default to us-east-1 against a custom
         * endpoint), and what GetBucketLocation and HeadBucket answer for a bucket created without a
         * location constraint.
         */
        @WithDefault("us-east-1")
        String region();

        /**
         * Test and local-experiment setting: anonymous callers act as the owner "anonymous" (create
         * buckets, write). Off: anonymous callers may only read public-read buckets.
         */
        @WithName("anonymous-access")
        @WithDefault("false")
        boolean anonymousAccess();

        /** A connection that sends or takes nothing for this long is closed. */
        @WithName("idle-timeout")
        @WithDefault("60s")
        Duration idleTimeout();

        /**
         * Smallest multipart part but the last (S3's 5 MiB; {@code EntityTooSmall} below). Lowered only
         * by tests that complete objects of many parts without moving gigabytes.
         */
        @WithName("min-part-size")
        @WithDefault("5M")
        MemorySize minPartSize();
    }

    /**
     * Access keys on the JSON and blob API ({@code Authorization: Bearer <key id>:<secret>} or SigV4):
     * env {@code GATEWAY_AUTH_*}. S3 requests always authenticate; {@code /admin/*} always needs the
     * cluster token; health and metrics stay open.
     */
    interface Auth {
        /**
         * On: every JSON and blob request needs a valid access key (401 without one). Off (local
         * experiments): requests without credentials are let through as before; credentials that are
         * sent are still checked. The deployments in deploy/ turn it on.
         */
        @WithDefault("false")
        boolean required();

        /**
         * How long a key read from etcd is reused: the bound on how long a key revoked through another
         * gateway keeps working here (revoked through this one: at once).
         */
        @WithName("key-cache")
        @WithDefault("5s")
        Duration keyCache();
    }

    enum Backend { real, memory }
}
