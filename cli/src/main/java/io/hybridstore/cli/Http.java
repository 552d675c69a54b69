package io.hybridstore.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Every remote call of the CLI, through the JDK's client, each bounded: connecting by
 * {@code timeout}, and the answer's headers by {@code timeout} (plus the time a body upload is
 * allowed). Not answering is {@link ExitCode#UNREACHABLE}; what an answer's status means is for
 * the caller.
 */
final class Http {

    private final HttpClient client;
    private final Duration timeout;

    Http(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Duration timeout() {
        return timeout;
    }

    record Answer(int status, byte[] body, HttpResponse<?> response) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        boolean ok() {
            return status / 100 == 2;
        }
    }

    static HttpRequest.Builder request(URI uri, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        if (token != null && !token.isBlank()) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    Answer send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(timeout).build();
        HttpResponse<byte[]> r = call(built, HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(r.statusCode(), r.body(), r);
    }

    /** For a download: the body as a stream (the caller closes it), headers within the timeout. */
    HttpResponse<InputStream> stream(HttpRequest.Builder request) {
        return call(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** For an upload: the answer must come within {@code timeout} plus {@code transfer}. */
    Answer sendUpload(HttpRequest.Builder request, Duration transfer) {
        HttpResponse<byte[]> r = call(request.timeout(timeout.plus(transfer)).build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(r.statusCode(), r.body(), r);
    }

    private <T> HttpResponse<T> call(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request, handler);
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw CliFailure.unreachable(where(request) + " does not answer (" + kind(e) + ")");
        } catch (HttpTimeoutException e) {
            throw CliFailure.unreachable(where(request) + " did not answer within " + request.timeout().map(Http::seconds).orElse("?"));
        } catch (IOException e) {
            if (e.getCause() instanceof UnresolvedAddressException || e.getCause() instanceof ConnectException) {
                throw CliFailure.unreachable(where(request) + " does not answer (" + kind(e.getCause()) + ")");
            }
            throw new CliFailure(ExitCode.FAILED, where(request) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.FAILED, "interrupted");
        }
    }

    private static String where(HttpRequest request) {
        URI u = request.uri();
        return u.getScheme() + "://" + u.getAuthority();
    }

    private static String kind(Throwable e) {
        return e instanceof HttpConnectTimeoutException ? "connect timeout"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
