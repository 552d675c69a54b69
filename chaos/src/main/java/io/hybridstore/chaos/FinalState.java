package io.hybridstore.chaos;

import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;

/**
 * One key after the run converged: its metadata ({@code GET /admin/objects/{key}}) and a read.
 *
 * @param metaStatus   status of the metadata request (200, 404, ...; -1 without an answer)
 * @param metaVersion  the committed version, when 200
 * @param state        the committed state, when 200
 * @param replicaNodes distinct nodes holding a stored hot replica
 * @param shardNodes   distinct nodes holding a stored cold shard
 * @param read         status of {@code GET /read/{key}} and, when 200, what it served
 */
public record FinalState(int metaStatus, Version metaVersion, ObjectState state, int replicaNodes, int shardNodes,
                         int readStatus, Observation read) {

    /** Nothing under this key: both requests answered 404. */
    public static FinalState absent() {
        return new FinalState(404, null, null, 0, 0, 404, Observation.notFound());
    }
}
