package io.hybridstore.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One stored part of a multipart upload ({@link ClusterKeys#uploadPart}): its stripes, coded and
 * placed like any blob stripe, which the completed object's record lists as they are.
 *
 * @param md5        hex MD5 of the part (its ETag)
 * @param sha256     hex SHA-256 of the part in records written before it was dropped; null (and not
 *                   written) since: nothing read it but the completed object's identity, which now
 *                   comes from the parts' MD5s, and computing it cost a pass over every byte
 * @param stripes    the part's stripes in order; every one full but the last
 * @param failedNodes nodes that did not take a shard of it (the completed object is DIRTY for the healer)
 * @param uploadedAt epoch millis
 */
public record UploadedPart(int partNumber, long size, String md5, @JsonInclude(JsonInclude.Include.NON_NULL) String sha256,
                           int stripeSize, List<ColdPart> stripes, List<String> failedNodes, long uploadedAt) {

    public UploadedPart {
        stripes = stripes == null ? List.of() : List.copyOf(stripes);
        failedNodes = failedNodes == null ? List.of() : List.copyOf(failedNodes);
    }
}
