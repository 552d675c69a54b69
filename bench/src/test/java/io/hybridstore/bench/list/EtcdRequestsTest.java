package io.hybridstore.bench.list;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EtcdRequestsTest {

    /** Lines as etcd 3.4 prints them: every gRPC code of a method counts, other methods and metrics do not. */
    private static final String METRICS = """
            # HELP grpc_server_handled_total Total number of RPCs completed on the server, regardless of success or failure.
            grpc_server_handled_total{grpc_code="OK",grpc_method="Range",grpc_service="etcdserverpb.KV",grpc_type="unary"} 1200
            grpc_server_handled_total{grpc_code="Unavailable",grpc_method="Range",grpc_service="etcdserverpb.KV",grpc_type="unary"} 3
            grpc_server_handled_total{grpc_code="OK",grpc_method="Txn",grpc_service="etcdserverpb.KV",grpc_type="unary"} 40
            grpc_server_handled_total{grpc_code="OK",grpc_method="Put",grpc_service="etcdserverpb.KV",grpc_type="unary"} 7
            grpc_server_started_total{grpc_method="Range",grpc_service="etcdserverpb.KV",grpc_type="unary"} 1203
            etcd_network_client_grpc_sent_bytes_total 2.097152e+06
            """;

    @Test
    void countsRangesTxnsAndBytesSent() {
        assertEquals(new EtcdRequests(1203, 40, 2_097_152), EtcdRequests.parse(METRICS));
    }

    @Test
    void perSampleIsTheDifferenceOverTheSamples() {
        EtcdRequests before = new EtcdRequests(100, 10, 0);
        assertEquals("5.5 + 1.0, 200 KiB", new EtcdRequests(155, 20, 2_048_000).perSampleSince(before, 10));
    }
}
