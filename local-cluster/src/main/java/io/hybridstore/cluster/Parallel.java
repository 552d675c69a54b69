package io.hybridstore.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** Starting or stopping processes one by one would add their start-up times; these run side by side. */
final class Parallel {
    /** For a tier that starts in the background while the caller starts the next one. */
    static final Executor THREADS = runnable -> Thread.ofVirtual().name("local-cluster-tier").start(runnable);

    private Parallel() {
    }

    /** Waits for a tier started in the background; rethrows its failure as it was thrown. */
    static void join(CompletableFuture<Void> tier) {
        try {
            tier.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Runs the action on every item at once and waits for all; the first failure is thrown, the others suppressed. */
    static <T> void forEach(List<T> items, Consumer<T> action) {
        if (items.isEmpty()) {
            return;
        }
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (T item : items) {
                futures.add(executor.submit(() -> action.accept(item)));
            }
        }
        LocalClusterException failure = null;
        for (Future<?> future : futures) {
            if (future.state() != Future.State.FAILED) {
                continue;
            }
            Throwable cause = future.exceptionNow();
            LocalClusterException e = cause instanceof LocalClusterException known ? known : new LocalClusterException(cause.toString(), cause);
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
