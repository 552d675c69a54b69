package io.hybridstore.io.etcd;

import static io.hybridstore.io.etcd.EtcdConnection.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.DeadLetterStore;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The dead-letter list in etcd, beside the metadata it concerns: the healer already reads etcd (so
 * its /status can count the letters without a Kafka client), and listing, fetching one and deleting
 * one are plain key operations, where a Kafka topic would need a compacted topic read from the start
 * for every listing. The letter (JSON) is at {@code {prefix}/deadletter/{p}-{o}}, its payload in
 * pieces under {@code {prefix}/deadletter-payload/{p}-{o}/}.
 *
 * <p>Why pieces: etcd refuses any request above its {@code --max-request-bytes} (1.5 MiB by default;
 * the put fails, nothing is stored), and a document's WAL record can be as large as
 * {@code gateway.max-body-size} (16 MiB by default). Pieces of {@link #PIECE} bytes each fit. All
 * but the last are put first; the last and the letter go in one transaction, so a listed letter
 * always has its whole payload. A gateway dying between the pieces and that transaction leaves
 * pieces without a letter; the record was not committed, so the next replay of it rewrites the same
 * keys. A response is read one piece at a time, below gRPC's 4 MiB default message size.
 */
public final class EtcdDeadLetterStore implements DeadLetterStore {

    /** Bytes per payload piece: a put of one stays well below etcd's default 1.5 MiB request limit. */
    static final int PIECE = 1 << 20;

    private final EtcdConnection etcd;
    private final KV kv;

    public EtcdDeadLetterStore(EtcdConnection etcd) {
        this.etcd = etcd;
        this.kv = etcd.client().getKVClient();
    }

    @Override
    public void put(DeadLetter letter, byte[] payload) {
        int pieces = Math.max(1, (payload.length + PIECE - 1) / PIECE);
        for (int i = 0; i < pieces - 1; i++) {
            etcd.await(kv.put(pieceKey(letter.version(), i), piece(payload, i)), "put dead-letter piece " + letter.id());
        }
        etcd.await(kv.txn().Then(
                Op.put(pieceKey(letter.version(), pieces - 1), piece(payload, pieces - 1), PutOption.DEFAULT),
                Op.put(bytes(etcd.keys().deadLetter(letter.version())), ByteSequence.from(ModelJson.toBytes(letter)), PutOption.DEFAULT))
                .commit(), "put dead letter " + letter.id());
    }

    @Override
    public Optional<DeadLetter> get(Version version) {
        GetResponse response = etcd.await(kv.get(bytes(etcd.keys().deadLetter(version))), "get dead letter " + version);
        return response.getKvs().stream().findFirst().map(k -> ModelJson.fromBytes(k.getValue().getBytes(), DeadLetter.class));
    }

    @Override
    public Optional<byte[]> payload(Version version) {
        Optional<DeadLetter> letter = get(version);
        if (letter.isEmpty()) {
            return Optional.empty();
        }
        int size = letter.get().payloadBytes();
        int pieces = Math.max(1, (size + PIECE - 1) / PIECE);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        for (int i = 0; i < pieces; i++) {
            GetResponse response = etcd.await(kv.get(pieceKey(version, i)), "get dead-letter piece " + version);
            if (response.getKvs().isEmpty()) {
                throw new StoreException(ErrorCode.INTERNAL, "dead letter " + version + " lacks payload piece " + i);
            }
            out.writeBytes(response.getKvs().get(0).getValue().getBytes());
        }
        if (out.size() != size) {
            throw new StoreException(ErrorCode.INTERNAL, "dead letter " + version + " payload has " + out.size() + " bytes, not " + size);
        }
        return Optional.of(out.toByteArray());
    }

    @Override
    public List<DeadLetter> list(int limit) {
        String prefix = etcd.keys().deadLettersPrefix();
        GetResponse response = etcd.await(kv.get(bytes(prefix),
                GetOption.builder().withRange(EtcdMetadataStore.prefixEnd(prefix)).withLimit(limit).build()), "list dead letters");
        return response.getKvs().stream().map(k -> ModelJson.fromBytes(k.getValue().getBytes(), DeadLetter.class))
                .sorted(Comparator.comparing(DeadLetter::version)).toList();
    }

    @Override
    public long count() {
        String prefix = etcd.keys().deadLettersPrefix();
        return etcd.await(kv.get(bytes(prefix),
                GetOption.builder().withRange(EtcdMetadataStore.prefixEnd(prefix)).withCountOnly(true).build()),
                "count dead letters").getCount();
    }

    @Override
    public boolean remove(Version version) {
        String pieces = etcd.keys().deadLetterPayloadPrefix(version);
        TxnResponse response = etcd.await(kv.txn().Then(
                Op.delete(bytes(etcd.keys().deadLetter(version)), DeleteOption.DEFAULT),
                Op.delete(bytes(pieces), DeleteOption.builder().withRange(EtcdMetadataStore.prefixEnd(pieces)).build()))
                .commit(), "remove dead letter " + version);
        return response.getDeleteResponses().get(0).getDeleted() > 0;
    }

    private ByteSequence pieceKey(Version version, int piece) {
        return bytes(etcd.keys().deadLetterPayloadPrefix(version) + String.format(java.util.Locale.ROOT, "%04d", piece));
    }

    private static ByteSequence piece(byte[] payload, int piece) {
        int from = Math.min(payload.length, piece * PIECE);
        return ByteSequence.from(Arrays.copyOfRange(payload, from, Math.min(payload.length, from + PIECE)));
    }
}
