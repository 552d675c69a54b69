package io.hybridstore.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridstore.common.auth.sigv4.Crc64Nvme;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The upload checksums against known answers (the CRC catalogue's check values, RFC test strings). */
class ChecksumsTest {

    private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HELLO = "hello world".getBytes(StandardCharsets.US_ASCII);

    @Test
    void crc64NvmeMatchesTheCatalogueCheckValue() {
        Crc64Nvme crc = new Crc64Nvme();
        crc.update(CHECK, 0, CHECK.length);
        assertEquals(0xAE8B14860A799888L, crc.getValue()); // CRC-64/NVME "check" in the CRC catalogue
    }

    @Test
    void crc64NvmeOfNothingIsZeroAndMatchesABitwiseReferenceOnRandomInput() {
        assertEquals(0L, new Crc64Nvme().getValue());
        Random random = new Random(7);
        int compared = 0;
        for (int length : new int[] {1, 7, 8, 63, 1000, 65_537}) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            Crc64Nvme table = new Crc64Nvme();
            // split into two updates: the running value must carry across calls
            table.update(data, 0, length / 2);
            table.update(data, length / 2, length - length / 2);
            assertEquals(bitwise(data), table.getValue(), "length " + length);
            compared++;
        }
        assertEquals(6, compared);
    }

    /** The definition, one bit at a time (reflected, poly 0xAD93D23594C93659). */
    private static long bitwise(byte[] data) {
        long crc = -1L;
        for (byte b : data) {
            crc ^= b & 0xff;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ Long.reverse(0xAD93D23594C93659L) : crc >>> 1;
            }
        }
        return ~crc;
    }

    @Test
    void eachAlgorithmIsTheBase64OfItsBigEndianValue() {
        assertEquals("DUoRhQ==", ChecksumAlgorithm.CRC32.of(HELLO)); // 0x0D4A1185
        assertEquals("yZRlqg==", ChecksumAlgorithm.CRC32C.of(HELLO)); // 0xC99465AA
        assertEquals("rosUhgp5mIg=", ChecksumAlgorithm.CRC64NVME.of(CHECK)); // 0xAE8B14860A799888
        assertEquals("Kq5sNclPz7QV2+lfQIuc6R7oRu0=", ChecksumAlgorithm.SHA1.of(HELLO));
        assertEquals("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=", ChecksumAlgorithm.SHA256.of(HELLO));
    }

    @Test
    void headersNameTheirAlgorithm() {
        assertEquals(ChecksumAlgorithm.CRC64NVME, ChecksumAlgorithm.ofHeader("x-amz-checksum-crc64nvme"));
        assertEquals(ChecksumAlgorithm.SHA256, ChecksumAlgorithm.named("sha256"));
        assertEquals(null, ChecksumAlgorithm.ofHeader("x-amz-checksum-mode"));
        assertEquals("x-amz-checksum-crc32c", ChecksumAlgorithm.CRC32C.header());
    }
}
