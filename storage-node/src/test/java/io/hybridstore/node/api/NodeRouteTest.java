package io.hybridstore.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeRouteTest {

    private record Case(String method, String path, NodeRoute route) {
    }

    @Test
    void everyPathOfTheApiHasItsTemplateAndAnythingElseIsOther() {
        List<Case> cases = List.of(
                new Case("PUT", "/chunks/abc", NodeRoute.CHUNK),
                new Case("GET", "/chunks/abc.1-x_y", NodeRoute.CHUNK),
                new Case("HEAD", "/chunks/abc", NodeRoute.CHUNK),
                new Case("DELETE", "/chunks/abc", NodeRoute.CHUNK),
                new Case("POST", "/chunks/abc", NodeRoute.CHUNK), // 405, still one series for the path
                new Case("POST", "/chunks/_batch", NodeRoute.BATCH),
                new Case("PUT", "/chunks/_batch", NodeRoute.CHUNK), // an id the alphabet allows, not the batch route
                new Case("POST", "/chunks/_batch-get", NodeRoute.BATCH_GET),
                new Case("POST", "/chunks/_exists", NodeRoute.EXISTS),
                new Case("GET", "/chunks/_exists", NodeRoute.CHUNK),
                new Case("POST", "/chunks/abc/_verify", NodeRoute.VERIFY),
                new Case("POST", "/chunks/_verify", NodeRoute.VERIFY_BATCH),
                new Case("PUT", "/chunks/_verify", NodeRoute.CHUNK),
                new Case("POST", "/chunks/abc/_verify/x", NodeRoute.OTHER),
                new Case("POST", "/chunks//_verify", NodeRoute.OTHER),
                new Case("GET", "/chunks/abc/other", NodeRoute.OTHER),
                new Case("GET", "/chunks", NodeRoute.LIST),
                new Case("GET", "/chunks/", NodeRoute.OTHER),
                new Case("GET", "/", NodeRoute.OTHER),
                new Case("GET", "/no/such/path", NodeRoute.OTHER),
                new Case("GET", "/chunksx", NodeRoute.OTHER));
        Set<NodeRoute> seen = EnumSet.noneOf(NodeRoute.class);
        for (Case c : cases) {
            assertEquals(c.route(), NodeRoute.of(c.method(), c.path()), c.method() + " " + c.path());
            seen.add(c.route());
        }
        assertEquals(EnumSet.allOf(NodeRoute.class), seen, "every route covered");
        assertEquals(21, cases.size());
    }

    @Test
    void theManagementEndpointsAreNotRoutes() {
        for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready", "/q")) {
            assertNull(NodeRoute.of("GET", path), path);
        }
    }

    @Test
    void methodsOutsideTheApiShareOneLabel() {
        assertEquals(0, RequestMeters.methodIndex("GET"));
        assertEquals(4, RequestMeters.methodIndex("DELETE"));
        assertEquals(5, RequestMeters.methodIndex("PATCH"));
        assertEquals(5, RequestMeters.methodIndex("BREW"));
    }
}
