package io.hybridstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterTokenTest {
    @Test
    void aTokenIsKeptPerBaseDir(@TempDir Path one, @TempDir Path two) throws Exception {
        String token = ClusterToken.loadOrCreate(one);
        assertEquals(43, token.length(), "256 bits in unpadded base64url");
        assertEquals(token, ClusterToken.loadOrCreate(one));
        assertNotEquals(token, ClusterToken.loadOrCreate(two));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(one.resolve("cluster-token"))));
    }
}
