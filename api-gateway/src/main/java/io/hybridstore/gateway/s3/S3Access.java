package io.hybridstore.gateway.s3;

import io.hybridstore.common.auth.Caller;
import io.hybridstore.common.model.Bucket;
import io.hybridstore.common.spi.BucketStore;
import java.util.Optional;

/**
 * Who may do what: a bucket belongs to the owner of the key that created it; anonymous callers may
 * read (list, get, head) public-read buckets and nothing else. With {@code anonymousAccess} (a test
 * and local-experiment setting) anonymous callers act as the owner {@value #ANONYMOUS_OWNER}.
 */
public final class S3Access {

    public static final String ANONYMOUS_OWNER = "anonymous";

    private final BucketStore buckets;
    private final boolean anonymousAccess;

    public S3Access(BucketStore buckets, boolean anonymousAccess) {
        this.buckets = buckets;
        this.anonymousAccess = anonymousAccess;
    }

    /** The owner the caller acts as, if any. */
    public Optional<String> owner(Caller caller) {
        if (caller.owner().isPresent()) {
            return caller.owner();
        }
        return anonymousAccess ? Optional.of(ANONYMOUS_OWNER) : Optional.empty();
    }

    /** The owner the caller acts as, or AccessDenied (creating buckets, listing one's buckets). */
    public String requireOwner(Caller caller) {
        return owner(caller).orElseThrow(() -> S3Exception.accessDenied("anonymous requests may only read public-read buckets"));
    }

    /** The bucket, when it exists and the caller may read it. */
    public Bucket forRead(Caller caller, String name) {
        Bucket bucket = existing(name);
        if (!bucket.publicRead() && !owns(caller, bucket)) {
            throw S3Exception.accessDenied("the bucket " + name + " belongs to another owner");
        }
        return bucket;
    }

    /** The bucket, when it exists and the caller owns it. */
    public Bucket forWrite(Caller caller, String name) {
        Bucket bucket = existing(name);
        if (!owns(caller, bucket)) {
            throw S3Exception.accessDenied("the bucket " + name + " belongs to another owner");
        }
        return bucket;
    }

    public boolean owns(Caller caller, Bucket bucket) {
        return owner(caller).map(bucket.owner()::equals).orElse(false);
    }

    private Bucket existing(String name) {
        return buckets.get(name).orElseThrow(() -> S3Exception.noSuchBucket(name));
    }
}
