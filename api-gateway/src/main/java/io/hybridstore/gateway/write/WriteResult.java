package io.hybridstore.gateway.write;

import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import java.util.List;

/**
 * How a write ended.
 *
 * @param committed false when a newer version of the key was already committed (the write lost the
 *                  race; it is in the log, but another write is the current one)
 * @param missing   copies that are not stored (failed or no node to place them on); empty when clean
 * @param dedup     which parts were reused from the previous version instead of written again
 */
public record WriteResult(String key, Version version, ObjectState state, boolean committed, List<Missing> missing, List<String> dedup) {

    /** One copy the write could not store: part "hot" or "cold", its replica/shard index, the node (or null if none was available). */
    public record Missing(String part, int index, String node, String error) {
    }
}
