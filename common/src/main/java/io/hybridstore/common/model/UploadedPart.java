package io.hybridstore.common.model;

import java.util.List;

/**
 * One stored part of a multipart upload ({@link ClusterKeys#uploadPart}): its stripes, coded and
 * placed like any blob stripe, which the completed object's record lists as they are.
 *
 * @param md5        hex MD5 of the part (its ETag)
 * @param sha256     hex SHA-256 of the part
 * @param stripes    the part's stripes in order; every one full but the last
 * @param failedNodes nodes that did not take a shard of it (the completed object is DIRTY for the healer)
 * @param uploadedAt epoch millis
 */
public record UploadedPart(int partNumber, long size, String md5, String sha256, int stripeSize, List<ColdPart> stripes,
                           List<String> failedNodes, long uploadedAt) {

    public UploadedPart {
        stripes = stripes == null ? List.of() : List.copyOf(stripes);
        failedNodes = failedNodes == null ? List.of() : List.copyOf(failedNodes);
    }
}
