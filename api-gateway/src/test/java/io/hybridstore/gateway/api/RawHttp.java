package io.hybridstore.gateway.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Requests written byte for byte on a socket: what an HTTP client would refuse to send or would rewrite. */
public final class RawHttp {
    private RawHttp() {
    }

    /**
     * An answer as it came: the status, the headers (names in lower case, the last of a repeated one)
     * and the body as the rest of the bytes after the head.
     */
    public record Answer(int status, Map<String, String> headers, String body, String raw) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public static Answer parse(String raw) {
            int end = raw.indexOf("\r\n\r\n");
            String head = end < 0 ? raw : raw.substring(0, end);
            String[] lines = head.split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            int status = statusLine.length > 1 && statusLine[1].matches("\\d{3}") ? Integer.parseInt(statusLine[1]) : -1;
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                }
            }
            return new Answer(status, headers, end < 0 ? "" : raw.substring(end + 4), raw);
        }
    }

    /** Sends {@code request}'s UTF-8 bytes as they are and reads the answer until the server closes the connection. */
    public static String exchange(URI server, String request) throws IOException {
        return send(server, request.getBytes(StandardCharsets.UTF_8), new byte[0]).raw();
    }

    /**
     * Sends {@code head} then {@code body} (from a thread of its own, so an answer that comes before the
     * body is all sent, as a refusal of a body too large does, is read while the body is still going
     * out; a write the server cut off is no failure) and reads the answer until the server closes the
     * connection (the request should say {@code Connection: close}). Bytes that are not UTF-8 in the
     * answer read as U+FFFD.
     */
    public static Answer send(URI server, byte[] head, byte[] body) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.flush();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    for (int at = 0; at < body.length; at += 64 * 1024) {
                        out.write(body, at, Math.min(64 * 1024, body.length - at));
                    }
                    out.flush();
                } catch (IOException e) {
                    // the server answered and closed before the whole body was sent: what a refusal does
                }
            });
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                in.transferTo(answer);
            } catch (IOException e) {
                // a reset after the answer (the server closed with our body unread): what was read is the answer
                if (answer.size() == 0) {
                    throw e;
                }
            }
            writer.interrupt();
            return Answer.parse(answer.toString(StandardCharsets.UTF_8));
        }
    }

    /** What {@link #sendAll} saw: the answer read until the close, and the body's write failure (null: all of it went out). */
    public record Sent(String answer, IOException cutOff) {
    }

    /**
     * Sends {@code head} then {@code body} on {@code socket} (the body from a thread of its own) and
     * reads the answer until the server closes the connection. Unlike {@link #send}, a reset is not
     * forgiven: it throws, as a client still sending sees it, losing the answer.
     */
    public static Sent sendAll(Socket socket, byte[] head, byte[] body) throws IOException, InterruptedException {
        OutputStream out = socket.getOutputStream();
        out.write(head);
        out.flush();
        IOException[] cutOff = {null};
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                out.write(body);
                out.flush();
            } catch (IOException e) {
                cutOff[0] = e;
            }
        });
        String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        writer.join();
        return new Sent(answer, cutOff[0]);
    }
}
