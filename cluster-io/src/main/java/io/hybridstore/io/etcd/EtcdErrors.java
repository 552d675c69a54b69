package io.hybridstore.io.etcd;

import io.etcd.jetcd.common.exception.EtcdException;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The one place where etcd/gRPC failures become hybridstore {@link ErrorCode}s (compare jetcd's own
 * {@code support/Errors}). Callers decide retry from the code, never from exception text.
 *
 * <p>etcd not answering within the bound is {@link ErrorCode#UNAVAILABLE} (503), not TIMEOUT (504):
 * against a dead etcd jetcd never fails by itself but retries until {@link EtcdConnection#await}'s
 * bound, so which of "connection refused" and "no answer in time" surfaces first is a race, and a
 * client must see one answer for "etcd is down". The message still says it timed out.
 */
final class EtcdErrors {

    private EtcdErrors() {
    }

    static StoreException classify(Throwable failure, String operation) {
        Throwable cause = unwrap(failure);
        if (cause instanceof StoreException store) {
            return store;
        }
        if (cause instanceof TimeoutException) {
            return new StoreException(ErrorCode.UNAVAILABLE, "etcd " + operation + " timed out: no answer within the bound", cause);
        }
        if (cause instanceof EtcdException etcd) {
            return new StoreException(codeOf(etcd.getErrorCode()), "etcd " + operation + " failed: " + etcd.getErrorCode(), cause);
        }
        if (cause instanceof InterruptedException || cause instanceof CancellationException) {
            return new StoreException(ErrorCode.UNAVAILABLE, "etcd " + operation + " interrupted", cause);
        }
        // gRPC StatusRuntimeException and transport errors: etcd is unreachable or restarting.
        return new StoreException(ErrorCode.UNAVAILABLE, "etcd " + operation + " failed: " + cause, cause);
    }

    private static ErrorCode codeOf(io.etcd.jetcd.common.exception.ErrorCode code) {
        return switch (code) {
            case INVALID_ARGUMENT, OUT_OF_RANGE -> ErrorCode.BAD_REQUEST;
            case NOT_FOUND -> ErrorCode.NOT_FOUND;
            case FAILED_PRECONDITION, ABORTED, ALREADY_EXISTS -> ErrorCode.CONFLICT;
            case RESOURCE_EXHAUSTED -> ErrorCode.INSUFFICIENT_STORAGE;
            // etcd refused this process's credentials: its misconfiguration, never a client's 401.
            case PERMISSION_DENIED, UNAUTHENTICATED -> ErrorCode.INTERNAL;
            case DATA_LOSS -> ErrorCode.CORRUPT;
            case UNIMPLEMENTED, INTERNAL -> ErrorCode.INTERNAL;
            default -> ErrorCode.UNAVAILABLE; // UNAVAILABLE, DEADLINE_EXCEEDED (see above), UNKNOWN, CANCELLED: transient
        };
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof ExecutionException || current instanceof CompletionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
