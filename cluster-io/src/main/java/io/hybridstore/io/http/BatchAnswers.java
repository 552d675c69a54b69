package io.hybridstore.io.http;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.ChunkStore.ChunkPut;
import io.hybridstore.common.spi.ChunkStore.GetOutcome;
import io.hybridstore.common.spi.ChunkStore.PutOutcome;
import io.hybridstore.common.spi.ChunkStore.VerifyOutcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a node's answer to a batch request says, chunk by chunk: the batch PUT's outcomes (binary, or
 * the JSON of a node that predates it), the batch GET's chunks, the batched verify's verdicts. Each
 * answer must name the asked chunks in the asked order; one that skips, adds or reorders a chunk is a
 * broken node or way, UNAVAILABLE as a whole, never an outcome given to the wrong chunk.
 *
 * <p>Pure: an answer's status, content type and body in, outcomes or a classified
 * {@link StoreException} out; {@link HttpChunkStore} sends the requests.
 */
final class BatchAnswers {
    private BatchAnswers() {
    }

    /** A batch PUT's 2xx answer, one outcome per put, each refusal with the node's code and detail. */
    static List<PutOutcome> putOutcomes(NodeInfo node, List<ChunkPut> puts, String what, String contentType, byte[] body) {
        List<ChunkOutcomeFraming.Outcome> answered = outcomes(what, contentType, body);
        inOrder(what, puts.stream().map(ChunkPut::chunkId).toList(), answered.stream().map(ChunkOutcomeFraming.Outcome::chunkId).toList());
        List<PutOutcome> outcomes = new ArrayList<>(puts.size());
        for (int i = 0; i < puts.size(); i++) {
            ChunkOutcomeFraming.Outcome outcome = answered.get(i);
            String id = puts.get(i).chunkId();
            outcomes.add(outcome.problem() == null ? PutOutcome.stored(id)
                    : PutOutcome.failed(id, new StoreException(outcome.problem(), "PUT " + id + " to " + node.id() + ": " + outcome.detail())));
        }
        return outcomes;
    }

    /** A batch GET's answer: a non-2xx one classified, a 2xx one decoded, each chunk checked against its frame's CRC32C. */
    static List<GetOutcome> getOutcomes(String what, List<String> chunkIds, int status, byte[] body) {
        if (status / 100 != 2) {
            throw HttpErrors.fromResponse(what, status, body);
        }
        List<GetOutcome> outcomes = ChunkReadFraming.decode(body, what);
        inOrder(what, chunkIds, outcomes.stream().map(GetOutcome::chunkId).toList());
        return outcomes;
    }

    /** A batched verify's 2xx answer, one verdict per asked id. */
    static List<VerifyOutcome> verdicts(String what, List<String> chunkIds, byte[] body) {
        List<VerifyOutcome> answered = ChunkVerdictFraming.decode(body, what);
        inOrder(what, chunkIds, answered.stream().map(VerifyOutcome::chunkId).toList());
        return answered;
    }

    /** The binary answer, or the JSON one a node that predates it sends whatever the Accept header says. */
    private static List<ChunkOutcomeFraming.Outcome> outcomes(String what, String contentType, byte[] body) {
        if (contentType != null && contentType.startsWith(ChunkApi.BATCH_OUTCOMES_MEDIA_TYPE)) {
            return ChunkOutcomeFraming.decode(body, what);
        }
        ChunkApi.BatchResponse response = json(what, body, ChunkApi.BatchResponse.class);
        if (response.outcomes() == null) {
            return List.of();
        }
        return response.outcomes().stream().map(o -> new ChunkOutcomeFraming.Outcome(o.chunkId(), o.problem(), o.detail())).toList();
    }

    private static void inOrder(String what, List<String> asked, List<String> answered) {
        if (answered.size() != asked.size()) {
            throw new StoreException(ErrorCode.UNAVAILABLE, what + ": the node answered for " + answered.size() + " chunks");
        }
        for (int i = 0; i < answered.size(); i++) {
            if (!answered.get(i).equals(asked.get(i))) {
                throw new StoreException(ErrorCode.UNAVAILABLE, what + ": outcome " + i + " is for " + answered.get(i) + ", not " + asked.get(i));
            }
        }
    }

    /** A node's 2xx JSON body; one we cannot read is a broken or incompatible node, worth retrying elsewhere. */
    static <T> T json(String what, byte[] body, Class<T> type) {
        try {
            return HttpErrors.JSON.readValue(body, type);
        } catch (IOException e) {
            throw new StoreException(ErrorCode.UNAVAILABLE, what + ": unreadable answer: " + e.getMessage(), e);
        }
    }
}
