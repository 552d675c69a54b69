package io.hybridstore.common.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NodeTrafficTest {

    private static final String BEFORE = """
            # HELP http_server_requests_seconds
            # TYPE http_server_requests_seconds summary
            http_server_requests_seconds_count{method="PUT",outcome="SUCCESS",status="201",uri="/chunks/{id}"} 100.0
            http_server_requests_seconds_sum{method="PUT",outcome="SUCCESS",status="201",uri="/chunks/{id}"} 0.5
            http_server_requests_seconds_count{method="GET",outcome="SERVER_ERROR",status="503",uri="/chunks/{id}"} 2.0
            http_server_requests_seconds_sum{method="GET",outcome="SERVER_ERROR",status="503",uri="/chunks/{id}"} 0.1
            http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",uri="/q/metrics"} 40.0
            http_server_requests_seconds_sum{method="GET",outcome="SUCCESS",status="200",uri="/q/metrics"} 9.0
            http_server_requests_seconds_max{method="PUT",outcome="SUCCESS",status="201",uri="/chunks/{id}"} 0.02
            """;

    @Test
    void sumsTheRequestSeriesLeavingOutTheManagementEndpoints() {
        NodeTraffic.Totals totals = NodeTraffic.parse(BEFORE, 1_000);
        assertEquals(new NodeTraffic.Totals(1_000, 102, 2, 0.6), totals);
    }

    /** A node of this version: its own meters (no /q/ series in them), and nothing of Quarkus' to count twice. */
    private static final String OWN = """
            # TYPE hybridstore_node_requests_seconds summary
            hybridstore_node_requests_seconds_count{method="POST",route="/chunks/_batch",status="200"} 300.0
            hybridstore_node_requests_seconds_sum{method="POST",route="/chunks/_batch",status="200"} 1.5
            hybridstore_node_requests_seconds_count{method="GET",route="/chunks/{id}",status="507"} 4.0
            hybridstore_node_requests_seconds_sum{method="GET",route="/chunks/{id}",status="507"} 0.25
            hybridstore_node_requests_seconds_count{method="POST",route="/chunks/_batch",status="reset"} 1.0
            hybridstore_node_requests_seconds_sum{method="POST",route="/chunks/_batch",status="reset"} 0.25
            hybridstore_node_requests_seconds_max{method="POST",route="/chunks/_batch",status="200"} 0.02
            """;

    @Test
    void readsTheNodesOwnRequestMetersAndThoseAloneWhenPresent() {
        assertEquals(new NodeTraffic.Totals(7, 305, 4, 2.0), NodeTraffic.parse(OWN, 7));
        // Should a node export both (a test app with the binder on), its own meters win: nothing counted twice.
        assertEquals(new NodeTraffic.Totals(7, 305, 4, 2.0), NodeTraffic.parse(OWN + BEFORE, 7));
    }

    @Test
    void ratesAreDeltasPerSecondAndLatencyTheMeanInBetween() {
        NodeTraffic.Totals before = new NodeTraffic.Totals(1_000, 102, 2, 0.6);
        NodeTraffic.Totals after = new NodeTraffic.Totals(6_000, 152, 7, 1.1);
        NodeTraffic.Rates rates = NodeTraffic.between(before, after);
        assertEquals(10, rates.requestsPerSecond(), 1e-9);
        assertEquals(1, rates.errorsPerSecond(), 1e-9);
        assertEquals(10, rates.meanLatencyMillis(), 1e-9); // 0.5 s over 50 requests
    }

    @Test
    void aRestartedNodeShowsNoRateRatherThanANegativeOne() {
        NodeTraffic.Totals before = new NodeTraffic.Totals(1_000, 500, 2, 3);
        NodeTraffic.Totals after = new NodeTraffic.Totals(6_000, 10, 0, 0.1);
        assertEquals(NodeTraffic.Rates.NONE, NodeTraffic.between(before, after));
        assertEquals(new NodeTraffic.Totals(5, 0, 0, 0), NodeTraffic.parse("garbage\nhttp_server_requests_seconds_count{a=\"b\"} x\n", 5));
    }
}
