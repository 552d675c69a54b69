package io.hybridstore.common.write;

import io.hybridstore.common.model.ColdPart;
import java.util.zip.CRC32C;

/**
 * The per-shard CRC32C of blob stripes ({@link ColdPart#shardCrc32c()}): computed by the writer,
 * checked by every reader and by the healer before it decodes. Hex as the storage nodes report it
 * ({@code Long.toHexString} of the unsigned value), so the two can be compared as strings.
 */
public final class ShardChecksums {

    private ShardChecksums() {
    }

    public static String crc32cHex(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return Long.toHexString(crc.getValue());
    }

    /**
     * Whether {@code shard} is what was written as shard {@code index} of {@code part}. True for a
     * part without per-shard checksums: its SHA-256 judges the decoded whole instead.
     */
    public static boolean matches(ColdPart part, int index, byte[] shard) {
        return !part.checkedPerShard() || (index >= 0 && index < part.shardCrc32c().size()
                && part.shardCrc32c().get(index).equals(crc32cHex(shard)));
    }
}
