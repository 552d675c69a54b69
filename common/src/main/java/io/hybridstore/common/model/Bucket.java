package io.hybridstore.common.model;

import java.util.Objects;

/**
 * An S3 bucket ({@link ClusterKeys#bucket(String)}): a name its objects' keys start with
 * ({@code name/}), the owner that created it, and whether anonymous callers may read it.
 *
 * @param createdAt  epoch millis
 * @param region     the location constraint the client asked for ("" for the default region)
 * @param publicRead anonymous callers may list and read it
 */
public record Bucket(String name, String owner, long createdAt, String region, boolean publicRead) {

    public Bucket {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        region = region == null ? "" : region;
    }

    /** The prefix every object key of this bucket starts with. */
    public String keyPrefix() {
        return name + "/";
    }
}
