package io.hybridstore.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hybridstore.common.auth.AccessKey;
import io.hybridstore.common.auth.Caller;
import io.hybridstore.common.model.Bucket;
import io.hybridstore.common.spi.memory.InMemoryBucketStore;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bucket ownership and the anonymous caller, with and without the test setting. */
class S3AccessTest {

    private static final Caller ALICE = Caller.of(new AccessKey("AKALICE", "secret", "alice", 1));
    private static final Caller BOB = Caller.of(new AccessKey("AKBOB", "secret", "bob", 1));

    private static InMemoryBucketStore buckets() {
        InMemoryBucketStore buckets = new InMemoryBucketStore();
        buckets.create(new Bucket("private", "alice", 1, "", false));
        buckets.create(new Bucket("public", "alice", 1, "", true));
        return buckets;
    }

    @Test
    void ownersWriteTheirBucketsAndOthersOnlyReadPublicOnes() {
        S3Access access = new S3Access(buckets(), false);
        assertEquals("private", access.forWrite(ALICE, "private").name());
        assertEquals("public", access.forRead(BOB, "public").name());
        assertEquals("AccessDenied", assertThrows(S3Exception.class, () -> access.forRead(BOB, "private")).code());
        assertEquals("AccessDenied", assertThrows(S3Exception.class, () -> access.forWrite(BOB, "public")).code());
        assertEquals("NoSuchBucket", assertThrows(S3Exception.class, () -> access.forRead(ALICE, "absent")).code());
    }

    @Test
    void anonymousCallersReadPublicBucketsOnlyUnlessTheTestSettingMakesThemAnOwner() {
        S3Access strict = new S3Access(buckets(), false);
        assertEquals(Optional.empty(), strict.owner(Caller.ANONYMOUS));
        assertEquals("public", strict.forRead(Caller.ANONYMOUS, "public").name());
        assertEquals(403, assertThrows(S3Exception.class, () -> strict.forRead(Caller.ANONYMOUS, "private")).status());
        assertEquals(403, assertThrows(S3Exception.class, () -> strict.requireOwner(Caller.ANONYMOUS)).status());

        S3Access open = new S3Access(buckets(), true);
        assertEquals("anonymous", open.requireOwner(Caller.ANONYMOUS));
        assertEquals("AccessDenied", assertThrows(S3Exception.class, () -> open.forWrite(Caller.ANONYMOUS, "private")).code(),
                "the anonymous owner owns only what it created");
        assertEquals("alice", open.requireOwner(ALICE));
    }
}
