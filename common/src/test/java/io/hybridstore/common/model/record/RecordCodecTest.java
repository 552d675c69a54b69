package io.hybridstore.common.model.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.BlobInfo;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.model.ObjectLabels;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.write.ChunkIds;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

    static final String HOT_SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String COLD_SHA = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
    static final long T0 = 1_764_000_000_000L;

    /** The typical document: 4 small hot fields and a 3 KiB text field, 3 replicas and 4+2 shards, all stored. */
    static ObjectMetadata typicalDocument() {
        List<ChunkLocation> replicas = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            replicas.add(new ChunkLocation(i, "node-" + (i + 1), ChunkIds.hot(HOT_SHA), T0 + 40 + i));
        }
        List<ChunkLocation> shards = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            shards.add(new ChunkLocation(i, "node-" + ((i + 3) % 8 + 1), ChunkIds.coldShard(COLD_SHA, 4, 2, i), T0 + 45 + i));
        }
        return new ObjectMetadata("users/ada", new Version(3, 1_234_567), ObjectState.CLEAN,
                List.of("name", "status", "owner", "score", "bio"), new HotPart(HOT_SHA, 88, replicas),
                new ColdPart(COLD_SHA, 3_080, 4, 2, 770, shards), List.of(), List.of(), T0, T0 + 60);
    }

    /** A striped blob: 2 stripes of 4+2, each shard checked by its CRC32C. */
    static ObjectMetadata typicalBlob() {
        String upload = "u-7f3a9c";
        List<ColdPart> stripes = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            List<ChunkLocation> shards = new ArrayList<>();
            List<String> crcs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                shards.add(new ChunkLocation(i, "node-" + ((s + i) % 8 + 1), ChunkIds.stripeShard(upload, s, 4, 2, i), T0 + 100 + i));
                crcs.add(Long.toHexString(0x1234_5678L * (s * 6 + i + 1) & 0xffff_ffffL));
            }
            stripes.add(new ColdPart(null, s == 0 ? 4 << 20 : 1 << 20, 4, 2, s == 0 ? 1 << 20 : 1 << 18, shards, crcs));
        }
        return new ObjectMetadata("photos/2026/beach.jpg", new Version(0, 77), ObjectState.CLEAN, List.of(), null, null, List.of(),
                List.of(), T0, T0 + 900, new BlobInfo("image/jpeg", 5 << 20, HOT_SHA, 4 << 20, "beach.jpg", upload), stripes);
    }

    @Test
    void aTypicalDocumentIsUnder400BytesAndReadsBack() {
        ObjectMetadata doc = typicalDocument();
        byte[] compact = RecordCodec.encode(doc);
        assertEquals(doc, RecordCodec.decode(doc.key(), compact));
        assertTrue(compact.length <= 400, compact.length + " bytes");
        assertEquals(1_862, ModelJson.toBytes(doc).length, "the JSON form this replaces");
    }

    @Test
    void knownAnswerForATypicalDocument() {
        assertEquals(DOCUMENT_HEX, HexFormat.of().formatHex(RecordCodec.encode(typicalDocument())));
        assertEquals(typicalDocument(), RecordCodec.decode("users/ada", HexFormat.of().parseHex(DOCUMENT_HEX)));
    }

    @Test
    void knownAnswerForAStripedBlob() {
        assertEquals(BLOB_HEX, HexFormat.of().formatHex(RecordCodec.encode(typicalBlob())));
        assertEquals(typicalBlob(), RecordCodec.decode("photos/2026/beach.jpg", HexFormat.of().parseHex(BLOB_HEX)));
    }

    @Test
    void aRecordWithEveryComponentSetReadsBackEqual() {
        EveryComponent every = new EveryComponent();
        ObjectMetadata full = every.build(ObjectMetadata.class);
        assertEquals(full, RecordCodec.decode(full.key(), RecordCodec.encode(full)));
        // 13 of ObjectMetadata, 2 of Version, 3 of HotPart, 7 of each of 4 ColdParts, 4 of each of 15 ChunkLocations,
        // 6 of BlobInfo, 4 of ObjectLabels, as the model stands today; more when it grows.
        assertTrue(every.componentsSet() >= 13 + 2 + 3 + 4 * 7 + 15 * 4 + 6 + 4, every.componentsSet() + " components set");
    }

    @Test
    void idsAndIndexesThatAreNotTheDerivedOnesAreKept() {
        ObjectMetadata doc = typicalDocument();
        HotPart hot = doc.hot();
        List<ChunkLocation> odd = new ArrayList<>(hot.replicas());
        odd.set(1, new ChunkLocation(7, "node-2", "h-something-else", 0));
        odd.set(2, ChunkLocation.unplaced(2, ChunkIds.hot(HOT_SHA)));
        ObjectMetadata changed = new ObjectMetadata(doc.key(), doc.version(), ObjectState.DIRTY, doc.fieldOrder(),
                new HotPart("NOT-HEX", hot.size(), odd), doc.cold(), List.of("node-9"), List.of("node-2", "node-9"), doc.createdAt(),
                doc.updatedAt(), null, List.of(), new ObjectLabels(new TreeSet<>(List.of("b", "a")), "alias", "text/plain",
                ObjectLabels.Access.PUBLIC));
        assertEquals(changed, RecordCodec.decode(doc.key(), RecordCodec.encode(changed)));
    }

    @Test
    void nonCanonicalCrcTextIsKeptAsWritten() {
        ObjectMetadata blob = typicalBlob();
        ColdPart stripe = blob.stripes().get(0);
        ColdPart odd = new ColdPart(null, stripe.size(), 4, 2, stripe.shardSize(), stripe.shards(),
                List.of("00ab", "AB", "0", "ffffffff", "1", "2"));
        ObjectMetadata changed = new ObjectMetadata(blob.key(), blob.version(), blob.state(), List.of(), null, null, List.of(),
                List.of(), blob.createdAt(), blob.updatedAt(), blob.blob(), List.of(odd, blob.stripes().get(1)));
        assertEquals(changed, RecordCodec.decode(blob.key(), RecordCodec.encode(changed)));
    }

    @Test
    void anOldJsonRecordIsReadByItsFirstByte() {
        ObjectMetadata doc = typicalDocument();
        byte[] json = ModelJson.toBytes(doc);
        assertEquals('{', json[0]);
        assertEquals(doc, RecordCodec.decode(doc.key(), json));
        assertEquals(RecordCodec.COMPACT_V1, RecordCodec.encode(doc)[0]);
    }

    @Test
    void bytesInNeitherFormatAreCorruption() {
        StoreException e = assertThrows(StoreException.class, () -> RecordCodec.decode("k", new byte[] {'x', 1}));
        assertEquals(ErrorCode.CORRUPT, e.code());
        e = assertThrows(StoreException.class, () -> RecordCodec.decode("k", new byte[] {RecordCodec.COMPACT_V1, (byte) 0xff}));
        assertEquals(ErrorCode.CORRUPT, e.code());
        assertThrows(StoreException.class, () -> RecordCodec.decode("k", new byte[0]));
    }

    @Test
    void aRecordWithAComponentMoreOrLessReadsForRollingUpgrades() {
        ObjectMetadata doc = typicalDocument();
        byte[] bytes = RecordCodec.encode(doc);
        // The record is an indefinite-length CBOR array (0x9f ... 0xff) whose last component, the labels, is null (0xf6).
        assertEquals((byte) 0x9f, bytes[1]);
        assertEquals((byte) 0xf6, bytes[bytes.length - 2]);
        assertEquals((byte) 0xff, bytes[bytes.length - 1]);
        byte[] newer = java.util.Arrays.copyOf(bytes, bytes.length + 1); // a newer writer's extra component: 7
        newer[bytes.length - 1] = 0x07;
        newer[bytes.length] = (byte) 0xff;
        assertEquals(doc, RecordCodec.decode(doc.key(), newer), "an older reader skips what it does not know");
        byte[] older = java.util.Arrays.copyOf(bytes, bytes.length - 1); // a writer from before the labels
        older[older.length - 1] = (byte) 0xff;
        assertEquals(doc, RecordCodec.decode(doc.key(), older), "a missing trailing component reads as absent");
    }

    @Test
    void everyStateHasACodeAndTheCodesAreFixed() {
        assertEquals(EnumSet.allOf(ObjectState.class), EnumSet.copyOf(RecordCodec.STATES));
        assertEquals(List.of(ObjectState.IN_PROGRESS, ObjectState.CLEAN, ObjectState.DIRTY, ObjectState.LOST, ObjectState.DELETED),
                RecordCodec.STATES.subList(0, 5));
    }

    /** {@link #typicalDocument()} as stored: 228 bytes (its JSON form is 1,862). */
    static final String DOCUMENT_HEX = "019f031a0012d6870185646e616d6566737461747573656f776e65726573636f72656362696f88666e6f64652d31666e6f64"
            + "652d32666e6f64652d33666e6f64652d34666e6f64652d35666e6f64652d36666e6f64652d37666e6f64652d389f58209f86"
            + "d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08f618580000008300010283141312f6f6f6ff9f58"
            + "202c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7aef6190c0804021903028603040506070086"
            + "0f0e0d0c0b0af6f6f6ff80801b0000019ab697e800183cf680f6f6ff";

    /** {@link #typicalBlob()} as stored: 388 bytes (its JSON form is 1,911). */
    static final String BLOB_HEX = "019f00184d018087666e6f64652d31666e6f64652d32666e6f64652d33666e6f64652d34666e6f64652d35666e6f64652d36"
            + "666e6f64652d37f6f680801b0000019ab697e800190384bf6b636f6e74656e74547970656a696d6167652f6a706567647369"
            + "7a651a0050000066736861323536784039663836643038313838346337643635396132666561613063353561643031356133"
            + "6266346631623262306238323263643135643663313562306630306130386a73747269706553697a651a004000006866696c"
            + "654e616d656962656163682e6a70676875706c6f6164496468752d376633613963ff829ff6f61a0040000004021a00100000"
            + "860001020304058619032019031f19031e19031d19031c19031bf6861a123456781a2468acf01a369d03681a48d159e01a5b"
            + "05b0581a6d3a06d0f6ff9ff6f61a0010000004021a00040000860102030405068619032019031f19031e19031d19031c1903"
            + "1bf6861a7f6e5d481a91a2b3c01aa3d70a381ab60b60b01ac83fb7281ada740da0f6fff6f6ff";
}
