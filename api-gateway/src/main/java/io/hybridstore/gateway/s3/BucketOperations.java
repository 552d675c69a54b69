package io.hybridstore.gateway.s3;

import io.hybridstore.common.catalogue.Catalogue;
import io.hybridstore.common.catalogue.ListQuery;
import io.hybridstore.common.model.Bucket;
import io.hybridstore.common.spi.BucketStore;
import java.time.Clock;

/** ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation, GetBucketVersioning. */
final class BucketOperations {

    /** A CreateBucketConfiguration is a few hundred bytes. */
    private static final int MAX_CONFIGURATION = 64 * 1024;

    private final BucketStore buckets;
    private final Catalogue catalogue;
    private final S3Access access;
    private final Clock clock;
    private final String defaultRegion;

    BucketOperations(BucketStore buckets, Catalogue catalogue, S3Access access, Clock clock, String defaultRegion) {
        this.buckets = buckets;
        this.catalogue = catalogue;
        this.access = access;
        this.clock = clock;
        this.defaultRegion = defaultRegion;
    }

    S3Response list(S3Request request) {
        String owner = access.requireOwner(request.caller());
        var mine = buckets.list().stream().filter(b -> b.owner().equals(owner))
                .map(b -> new S3Xml.BucketEntry(b.name(), S3Dates.iso(b.createdAt()))).toList();
        return S3Response.xml(200, new S3Xml.ListAllMyBucketsResult(new S3Xml.Owner(owner, owner), mine));
    }

    S3Response create(S3Request request) {
        String owner = access.requireOwner(request.caller());
        String name = BucketNames.validate(request.bucket());
        byte[] body = request.smallBody(MAX_CONFIGURATION);
        String region = body.length == 0 ? "" : regionOf(S3Xml.read(body, S3Xml.CreateBucketConfiguration.class));
        String acl = request.header("x-amz-acl");
        if (acl != null && !acl.equals("private") && !acl.equals("public-read")) {
            throw S3Exception.notImplemented("the canned ACL " + acl);
        }
        Bucket bucket = new Bucket(name, owner, clock.millis(), region, "public-read".equals(acl));
        if (!buckets.create(bucket)) {
            Bucket existing = buckets.get(name).orElse(null);
            if (existing != null && existing.owner().equals(owner)) {
                throw new S3Exception("BucketAlreadyOwnedByYou", 409,
                        "Your previous request to create the named bucket succeeded and you already own it.");
            }
            throw new S3Exception("BucketAlreadyExists", 409, "The requested bucket name is not available.");
        }
        return S3Response.status(200).header("Location", "/" + name);
    }

    S3Response head(S3Request request) {
        Bucket bucket = access.forRead(request.caller(), request.bucket());
        return S3Response.status(200).header("x-amz-bucket-region", regionOf(bucket));
    }

    S3Response delete(S3Request request) {
        Bucket bucket = access.forWrite(request.caller(), request.bucket());
        // Any live record under the bucket's prefix, JSON documents included, keeps it. Not atomic
        // with a PUT racing the delete: such an object outlives its bucket (see docs/s3.md).
        if (!catalogue.list(new ListQuery(bucket.keyPrefix(), null, null, 1)).objects().isEmpty()) {
            throw new S3Exception("BucketNotEmpty", 409, "The bucket you tried to delete is not empty.");
        }
        buckets.delete(bucket.name());
        return S3Response.status(204);
    }

    S3Response location(S3Request request) {
        Bucket bucket = access.forRead(request.caller(), request.bucket());
        // us-east-1 is answered as an empty constraint, as S3 does.
        String region = regionOf(bucket);
        return S3Response.xml(200, new S3Xml.LocationConstraint("us-east-1".equals(region) ? null : region));
    }

    /** Versioning is never enabled: an empty configuration, as S3 answers for a bucket that never had it. */
    S3Response versioning(S3Request request) {
        access.forRead(request.caller(), request.bucket());
        return S3Response.xml(200, new S3Xml.VersioningConfiguration());
    }

    private String regionOf(Bucket bucket) {
        return bucket.region().isEmpty() ? defaultRegion : bucket.region();
    }

    private static String regionOf(S3Xml.CreateBucketConfiguration configuration) {
        return configuration.locationConstraint == null ? "" : configuration.locationConstraint.trim();
    }
}
