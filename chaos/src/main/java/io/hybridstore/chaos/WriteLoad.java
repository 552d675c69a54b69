package io.hybridstore.chaos;

import io.hybridstore.chaos.GatewayHttp.ReadAnswer;
import io.hybridstore.chaos.GatewayHttp.WriteAnswer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The clients: each owns a few keys and, until stopped, overwrites a random one of them or reads it
 * back, one request at a time. Owning keys is what makes a key's events an order: an attempt is sent
 * only after the previous one of its key ended.
 *
 * <p>After an attempt with an unknown outcome its key is left alone for {@link #HOLD}, then read: an
 * overwrite right away would hide whether the WAL replay applied the attempt.
 */
final class WriteLoad {
    /** A client's pause after an unanswered request or an error answer, in paces. */
    private static final int BACK_OFF = 10;
    /**
     * Longer than the replay may take to reach a record: when the gateway that appended it was killed,
     * its replay consumer's session (45 s) must expire before the restarted one gets the partitions,
     * then the record waits out the 10 s grace.
     */
    private static final Duration HOLD = Duration.ofSeconds(60);

    private final GatewayHttp gateway;
    private final Documents documents;
    private final Duration pace;
    private final int readPercent;
    private final List<Client> clients = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger readsServed = new AtomicInteger();
    private final AtomicInteger readsNotFound = new AtomicInteger();
    private final AtomicInteger readsUnavailable = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running;

    /** Reads during the load: served, 404, and unanswered or 5xx (allowed while faults are on). */
    record ReadCounts(int served, int notFound, int unavailable) {
    }

    /**
     * @param pace pause between a client's requests, so a dozen JVMs on two cores are loaded, not starved
     */
    WriteLoad(GatewayHttp gateway, Documents documents, long seed, String keyPrefix, int clientCount, int keysPerClient,
              Duration pace, int readPercent) {
        this.gateway = gateway;
        this.documents = documents;
        this.pace = pace;
        this.readPercent = readPercent;
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int c = 0; c < clientCount; c++) {
            List<String> keys = new ArrayList<>();
            for (int k = 0; k < keysPerClient; k++) {
                keys.add(keyPrefix + "/c" + c + "-k" + k);
            }
            clients.add(new Client("client-" + c, keys, seeds.split()));
        }
    }

    List<String> keys() {
        return clients.stream().flatMap(c -> c.histories.keySet().stream()).toList();
    }

    void start() {
        running = true;
        for (Client client : clients) {
            // Daemons: a run that fails before stop() must not be kept alive by its clients.
            Thread t = Thread.ofPlatform().name(client.name).daemon().start(client::run);
            threads.add(t);
        }
    }

    /** Stops the clients, waits for their requests in flight (each bounded by its timeout), returns every key's events. */
    Map<String, List<KeyEvent>> stop() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        Map<String, List<KeyEvent>> all = new LinkedHashMap<>();
        clients.forEach(c -> all.putAll(c.histories)); // join() made the clients' lists visible here
        return all;
    }

    /** Unexpected exceptions in the clients (not answers: every answer is classified). */
    List<String> failures() {
        return List.copyOf(failures);
    }

    ReadCounts reads() {
        return new ReadCounts(readsServed.get(), readsNotFound.get(), readsUnavailable.get());
    }

    private final class Client {
        private final String name;
        private final List<String> keys;
        private final SplittableRandom random;
        private final Map<String, List<KeyEvent>> histories = new LinkedHashMap<>();
        private final Map<String, Integer> nextSeq = new LinkedHashMap<>();
        private final Map<String, Long> heldUntil = new HashMap<>();
        private final Set<String> readNext = new HashSet<>();

        Client(String name, List<String> keys, SplittableRandom random) {
            this.name = name;
            this.keys = keys;
            this.random = random;
            keys.forEach(k -> {
                histories.put(k, new ArrayList<>());
                nextSeq.put(k, 0);
            });
        }

        void run() {
            while (running) {
                String key = pick();
                boolean answered = false;
                try {
                    if (key != null) {
                        boolean read = readNext.remove(key) || nextSeq.get(key) > 0 && random.nextInt(100) < readPercent;
                        answered = read ? read(key) : write(key);
                    }
                } catch (RuntimeException e) {
                    failures.add(name + " on " + key + ": " + e); // a harness bug, reported as such; the key's order is kept
                }
                try {
                    // Pacing of the load, not a wait for anything; like a real client, slower after a failure.
                    Thread.sleep(answered ? pace : pace.multipliedBy(BACK_OFF));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** A random key of this client's that is not held; null while all are. */
        private String pick() {
            long now = System.nanoTime();
            List<String> free = keys.stream().filter(k -> heldUntil.getOrDefault(k, now) - now <= 0).toList();
            return free.isEmpty() ? null : free.get(random.nextInt(free.size()));
        }

        /** Whether the gateway answered as it does when up (acked, or a 4xx). */
        private boolean write(String key) {
            int seq = nextSeq.merge(key, 1, Integer::sum) - 1;
            Documents.Request request = Documents.writeRequest(key, documents.document(key, name, seq, random));
            WriteAnswer answer = gateway.write(request.body());
            histories.get(key).add(switch (answer.outcome()) {
                case ACKED -> Attempt.acked(seq, request.digest(), answer.version(), answer.kind());
                case UNKNOWN -> Attempt.unknown(seq, request.digest(), answer.mayOutliveClient(), answer.kind());
                case REJECTED -> Attempt.rejected(seq, request.digest(), answer.kind());
            });
            if (answer.outcome() == Outcome.UNKNOWN) {
                heldUntil.put(key, System.nanoTime() + HOLD.toNanos());
                readNext.add(key);
            }
            return answer.outcome() == Outcome.ACKED || answer.outcome() == Outcome.REJECTED && !Attempt.REFUSED.equals(answer.kind());
        }

        /** Whether the read was answered 200 or 404. */
        private boolean read(String key) {
            ReadAnswer answer = gateway.read(key);
            answer.observation().ifPresentOrElse(o -> {
                histories.get(key).add(o);
                (o.found() ? readsServed : readsNotFound).incrementAndGet();
            }, readsUnavailable::incrementAndGet);
            return answer.observation().isPresent();
        }
    }
}
