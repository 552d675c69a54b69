package io.hybridstore.bench;

import io.hybridstore.common.auth.sigv4.AwsChunkedStream;
import io.hybridstore.common.auth.sigv4.ChunkSignatures;
import io.hybridstore.common.auth.sigv4.Hashes;
import io.hybridstore.common.auth.sigv4.SignedPayloadStream;
import io.hybridstore.common.auth.sigv4.TrailerChecksum;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What checking an S3 upload's body costs one core, per payload mode: a 64 MiB body read through
 * the verifier's stream from memory (no network), against reading it raw. One operation is one
 * body; MiB/s = 64 × ops/s. Run: {@code java -cp bench/target/benchmarks.jar org.openjdk.jmh.Main PayloadVerification}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class PayloadVerificationBenchmark {

    static final int SIZE = 64 << 20;
    static final int CHUNK = 64 * 1024;
    private static final io.hybridstore.common.auth.sigv4.Scope SCOPE =
            new io.hybridstore.common.auth.sigv4.Scope("HSBENCH", "20261204", "us-east-1", "s3");
    private static final String TIMESTAMP = "20261204T100000Z";
    private static final String SEED = "0".repeat(64);

    /** raw; signed-hex (SHA-256 of the body); chunked-signed (64 KiB chunks, a signature each); chunked-unsigned-crc32 (trailer). */
    @Param({"raw", "signed-hex", "chunked-signed", "chunked-unsigned-crc32"})
    public String mode;

    private byte[] data;
    private byte[] body;
    private byte[] signingKey;
    private String sha256;
    private final byte[] buffer = new byte[1 << 20];

    @Setup(Level.Trial)
    public void setUp() {
        data = new byte[SIZE];
        new SplittableRandom(1).nextBytes(data);
        signingKey = new byte[32];
        sha256 = Hashes.hex(Hashes.sha256().digest(data));
        body = switch (mode) {
            case "chunked-signed" -> chunked(true);
            case "chunked-unsigned-crc32" -> chunked(false);
            default -> data;
        };
    }

    @Benchmark
    public long read() throws IOException {
        InputStream in = switch (mode) {
            case "raw" -> new ByteArrayInputStream(body);
            case "signed-hex" -> new SignedPayloadStream(new ByteArrayInputStream(body), sha256, SIZE);
            case "chunked-signed" -> new AwsChunkedStream(new ByteArrayInputStream(body),
                    new ChunkSignatures(signingKey, TIMESTAMP, SCOPE, SEED), List.of(), SIZE);
            case "chunked-unsigned-crc32" -> new AwsChunkedStream(new ByteArrayInputStream(body), null, List.of("x-amz-checksum-crc32"), SIZE);
            default -> throw new IllegalArgumentException(mode);
        };
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
        }
        return total;
    }

    private byte[] chunked(boolean signed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(SIZE + SIZE / CHUNK * 100 + 100);
        ChunkSignatures chain = new ChunkSignatures(signingKey, TIMESTAMP, SCOPE, SEED);
        for (int offset = 0; ; offset += CHUNK) {
            int n = Math.min(CHUNK, SIZE - offset);
            byte[] chunk = Arrays.copyOfRange(data, offset, offset + n);
            String header = Integer.toHexString(n);
            if (signed) {
                header += ";chunk-signature=" + chain.signChunk(Hashes.sha256().digest(chunk));
            }
            out.writeBytes((header + "\r\n").getBytes(StandardCharsets.US_ASCII));
            if (n == 0) {
                break;
            }
            out.writeBytes(chunk);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        if (!signed) {
            TrailerChecksum crc = TrailerChecksum.forHeader("x-amz-checksum-crc32").orElseThrow();
            crc.update(data, 0, SIZE);
            out.writeBytes(("x-amz-checksum-crc32:" + crc.base64() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
