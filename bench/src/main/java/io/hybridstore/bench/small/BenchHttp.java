package io.hybridstore.bench.small;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.BasicHttpClientConnectionManager;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * One closed-loop client's HTTP/1.1 connection: Apache HttpClient 5's classic client, which sends and
 * reads on the calling thread over one kept-alive connection. Why not the JDK's {@code HttpClient},
 * which the bench used until session 27: its {@code send} hands every request to the client's
 * selector thread and the answer back (each JDK client has its own), and at 32 clients that cost
 * 0.23 (writes) to 0.42 (reads) of the 2 cores the cluster is measured on. The gateway clients and
 * the node floors share this class, so a write's latency and its floors are timed through the same client.
 */
final class BenchHttp implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /** What a request got: its status, the gateway's {@code Server-Timing} (or null), and the body's length. */
    record Response(int status, String serverTiming, long bodyBytes) {
    }

    /** The request timed out (connecting or waiting for the answer): counted as "timeout", not as an I/O error. */
    static final class TimedOut extends IOException {
        TimedOut(Throwable cause) {
            super(cause);
        }
    }

    private final CloseableHttpClient http;
    private final byte[] buffer = new byte[8192];

    /** @param timeout the longest wait for a connection's next bytes of an answer */
    BenchHttp(Duration timeout) {
        BasicHttpClientConnectionManager connection = new BasicHttpClientConnectionManager();
        connection.setConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.of(CONNECT_TIMEOUT))
                .setSocketTimeout(Timeout.of(timeout)).build());
        this.http = HttpClients.custom().setConnectionManager(connection)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build())
                .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement().disableContentCompression()
                .disableAuthCaching().build();
    }

    Response get(URI uri, Map<String, String> headers) throws IOException {
        return send(with(ClassicRequestBuilder.get(uri), headers).build());
    }

    Response post(URI uri, byte[] body, ContentType type, Map<String, String> headers) throws IOException {
        return send(with(ClassicRequestBuilder.post(uri), headers).setEntity(body, type).build());
    }

    Response put(URI uri, byte[] body, ContentType type, Map<String, String> headers) throws IOException {
        return send(with(ClassicRequestBuilder.put(uri), headers).setEntity(body, type).build());
    }

    private static ClassicRequestBuilder with(ClassicRequestBuilder request, Map<String, String> headers) {
        headers.forEach(request::addHeader);
        return request;
    }

    private Response send(ClassicHttpRequest request) throws IOException {
        try {
            return http.execute(request, response -> {
                Header timing = response.getFirstHeader("Server-Timing");
                return new Response(response.getCode(), timing == null ? null : timing.getValue(), drain(response.getEntity()));
            });
        } catch (InterruptedIOException e) { // SocketTimeoutException, ConnectTimeoutException
            throw new TimedOut(e);
        }
    }

    /** Reads the body to its end (so the connection can be used again) and counts its bytes. */
    private long drain(HttpEntity entity) throws IOException {
        if (entity == null) {
            return 0;
        }
        long bytes = 0;
        try (InputStream in = entity.getContent()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes += n;
            }
        }
        return bytes;
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
