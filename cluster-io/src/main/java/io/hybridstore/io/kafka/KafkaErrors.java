package io.hybridstore.io.kafka;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;

/** The one place where Kafka client failures become hybridstore {@link ErrorCode}s. */
final class KafkaErrors {

    private KafkaErrors() {
    }

    static StoreException classify(Throwable failure, String operation) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof StoreException store) {
            return store;
        }
        ErrorCode code;
        if (cause instanceof RecordTooLargeException) {
            code = ErrorCode.PAYLOAD_TOO_LARGE;
        } else if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
            code = ErrorCode.INTERNAL; // the broker refused this process's credentials: never a client's 401
        } else if (cause instanceof TimeoutException || cause instanceof RetriableException) {
            // The client gave up waiting for a broker (down, no leader, too few in-sync replicas).
            code = ErrorCode.UNAVAILABLE;
        } else if (cause instanceof KafkaException) {
            code = ErrorCode.UNAVAILABLE;
        } else {
            code = ErrorCode.INTERNAL;
        }
        return new StoreException(code, "Kafka " + operation + " failed: " + cause, cause);
    }
}
