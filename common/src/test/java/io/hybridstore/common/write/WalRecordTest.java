package io.hybridstore.common.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.split.CanonicalJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WalRecordTest {

    @Test
    void putRoundTripsWithExactNumbers() {
        ObjectNode value = (ObjectNode) CanonicalJson.parse("{\"b\":1.10,\"a\":\"é\",\"big\":1e400}".getBytes(StandardCharsets.UTF_8));
        WalRecord record = WalRecord.put("user:1", value, "req-1", 1234L, "gateway-1");
        WalRecord back = WalRecord.fromBytes(record.toBytes());
        assertEquals(record, back);
        assertEquals("1.10", back.value().get("b").decimalValue().toPlainString());
    }

    @Test
    void deleteHasNoValueField() {
        WalRecord record = WalRecord.delete("k", "r", 5L, "g");
        String json = new String(record.toBytes(), StandardCharsets.UTF_8);
        assertFalse(json.contains("value"), json);
        assertEquals(record, WalRecord.fromBytes(record.toBytes()));
    }

    @Test
    void garbageIsCorrupt() {
        assertEquals(ErrorCode.CORRUPT, assertThrows(StoreException.class,
                () -> WalRecord.fromBytes("{\"op\":\"put\",\"key\":\"k\"}".getBytes(StandardCharsets.UTF_8))).code());
        assertEquals(ErrorCode.CORRUPT, assertThrows(StoreException.class,
                () -> WalRecord.fromBytes("nope".getBytes(StandardCharsets.UTF_8))).code());
    }

    @Test
    void blobIntentAndCommitRoundTripWithoutTheBytes() {
        WalRecord intent = WalRecord.blobIntent("photos/a b.jpg", "u-1", 1_048_577L, "image/jpeg", 7L, "g");
        WalRecord commit = WalRecord.blobCommit("photos/a b.jpg", "u-1", "2-40", 8L, "g");
        assertEquals(intent, WalRecord.fromBytes(intent.toBytes()));
        assertEquals(commit, WalRecord.fromBytes(commit.toBytes()));
        assertEquals(1_048_577L, WalRecord.fromBytes(intent.toBytes()).upload().size());
        assertFalse(new String(intent.toBytes(), StandardCharsets.UTF_8).contains("value"));
        assertThrows(IllegalArgumentException.class,
                () -> new WalRecord(WalRecord.Op.blob_intent, "k", null, "r", 1, "g", null));
    }
}
