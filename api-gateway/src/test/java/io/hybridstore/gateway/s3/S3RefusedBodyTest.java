package io.hybridstore.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.gateway.api.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * An upload the S3 listener refuses before reading its body (here: a signature it cannot accept) reaches
 * its client as S3 XML whichever way the client sends: one that asked {@code Expect: 100-continue} gets
 * the refusal instead of the continue and never sends the body; one that sends at once reads the
 * refusal, then the server's close, never a reset. An accepted upload that asked gets its continue.
 */
@QuarkusTest
class S3RefusedBodyTest {

    private static final String BUCKET = "refused-body";
    /** Signed with a key the cluster does not have: refused (403) before the body is needed. */
    private static final String BAD_SIGNATURE = "x-amz-date: 20260101T000000Z\r\nx-amz-content-sha256: UNSIGNED-PAYLOAD\r\n"
            + "Authorization: AWS4-HMAC-SHA256 Credential=AKIDNOSUCHKEY/20260101/us-east-1/s3/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=00\r\n";

    @Inject
    S3Server server;

    @Test
    void aRefusedUploadThatAskedForAContinueIsRefusedInsteadOfIt() throws IOException {
        try (Socket socket = socket()) {
            write(socket, "PUT /" + BUCKET + "/big HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1073741824\r\n"
                    + "Expect: 100-continue\r\n" + BAD_SIGNATURE + "\r\n");
            RawHttp.Answer answer = RawHttp.Answer.parse(readUntilClosed(socket.getInputStream()));
            assertEquals(403, answer.status(), "no 100 before the refusal: " + answer.raw());
            assertTrue(answer.body().contains("<Code>"), answer.raw());
            assertEquals("close", answer.header("connection"), "the client may never send the body: the connection ends");
        }
    }

    @Test
    void anAcceptedUploadThatAskedForAContinueGetsItThenStores() throws IOException {
        try (Socket socket = socket()) {
            write(socket, "PUT /" + BUCKET + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
            RawHttp.Answer bucket = RawHttp.Answer.parse(readHead(socket.getInputStream()));
            assertTrue(bucket.status() == 200 || bucket.status() == 409, bucket.raw());
        }
        try (Socket socket = socket()) {
            write(socket, "PUT /" + BUCKET + "/small HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 5\r\n"
                    + "Expect: 100-continue\r\n\r\n");
            String interim = readHead(socket.getInputStream());
            assertTrue(interim.startsWith("HTTP/1.1 100 Continue"), interim);
            write(socket, "hello");
            RawHttp.Answer stored = RawHttp.Answer.parse(readUntilClosed(socket.getInputStream()));
            assertEquals(200, stored.status(), stored.raw());
        }
        try (Socket socket = socket()) {
            write(socket, "GET /" + BUCKET + "/small HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            RawHttp.Answer read = RawHttp.Answer.parse(readUntilClosed(socket.getInputStream()));
            assertEquals(200, read.status(), read.raw());
            assertEquals("hello", read.body());
        }
    }

    /** The listener closed at once after such a refusal, and a client still sending then read "connection reset". */
    @Test
    void aClientStillSendingARefusedBodyReadsTheRefusalNotAReset() throws Exception {
        byte[] body = new byte[16 << 20];
        Arrays.fill(body, (byte) 'x');
        int rounds = 0;
        for (; rounds < 5; rounds++) {
            try (Socket socket = socket()) {
                RawHttp.Sent sent = RawHttp.sendAll(socket, ("PUT /" + BUCKET + "/sent HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                        + body.length + "\r\n" + BAD_SIGNATURE + "\r\n").getBytes(StandardCharsets.US_ASCII), body); // a reset throws here
                String answer = sent.answer();
                assertEquals(403, RawHttp.Answer.parse(answer).status(), "round " + rounds + ": " + answer);
                assertNull(sent.cutOff(), "round " + rounds + ": the server read the whole body before it closed");
            }
        }
        assertEquals(5, rounds);
    }

    private Socket socket() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The bytes up to the end of the first head ("\r\n\r\n"): an interim 100, or an answer whose body is not needed. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
