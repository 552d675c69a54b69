package io.hybridstore.gateway.blob;

import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.gateway.write.WriteResult.Missing;
import java.util.List;

/**
 * How a blob upload ended.
 *
 * @param committed false when a newer write of the name was committed first (this upload is in the log, but superseded)
 * @param stripes   stripes written (0 for a replicated blob)
 * @param missing   copies not stored: part "hot" or "stripe-N", replica or shard index, node, error
 * @param md5       hex MD5 of the body when the upload computed one (S3), else null
 */
public record BlobResult(String name, Version version, ObjectState state, boolean committed, long size, String sha256,
                         int stripes, List<Missing> missing, String md5) {
}
