package io.hybridstore.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.gateway.api.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every bad input of the S3 listener, sent byte for byte ({@link RawHttp}), is a 4xx in S3 XML with
 * S3's code, a message for people and an {@code x-amz-request-id}, no stack trace; and nothing of it
 * becomes visible: a refused upload leaves no object, a refused part no part, a refused completion
 * the upload open and no object. The test profile lets unsigned callers own buckets.
 */
@QuarkusTest
class S3BadInputTest {

    private static final String BUCKET = "bad-input";
    private static final Pattern UPLOAD_ID = Pattern.compile("<UploadId>([^<]+)</UploadId>");

    @Inject
    S3Server server;

    /** One bad request: what it sends, its status and S3 code, and the object that must not exist after it (or null). */
    record Case(String name, String head, byte[] body, int status, String code, String absentKey) {
    }

    private static Case bad(String name, String requestLine, String body, int status, String code, String absentKey, String... headers) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new Case(name, head(requestLine, bytes.length, headers), bytes, status, code, absentKey);
    }

    /** The table, with {@code uploadId} an open multipart upload of key "mp". */
    private static List<Case> cases(String uploadId) {
        String part = "PUT /" + BUCKET + "/mp?uploadId=" + uploadId + "&partNumber=";
        String complete = "POST /" + BUCKET + "/mp?uploadId=" + uploadId;
        List<Case> cases = new ArrayList<>(List.of(
                bad("a malformed escape in the key", "GET /" + BUCKET + "/a%zz", "", 400, "InvalidURI", null),
                bad("a truncated escape in the key", "PUT /" + BUCKET + "/a%2", "x", 400, "InvalidURI", null),
                bad("escaped bytes that are not UTF-8 (not U+FFFD)", "PUT /" + BUCKET + "/%C3%28", "x", 400, "InvalidURI", "\uFFFD("),
                bad("raw bytes that are not UTF-8", "PUT /" + BUCKET + "/raw-\u00ff", "x", 400, "InvalidURI", "raw-\u00ff"),
                bad("a malformed escape in the query", "GET /" + BUCKET + "?prefix=%zz", "", 400, "InvalidURI", null),
                bad("a query value that is not UTF-8", "GET /" + BUCKET + "?prefix=%FF", "", 400, "InvalidURI", null),
                bad("a key over 1,024 bytes", "PUT /" + BUCKET + "/" + "k".repeat(1100), "x", 400, "KeyTooLongError", null),
                bad("a key of 1,026 bytes in 513 chars (UTF-8 counted)", "PUT /" + BUCKET + "/" + "%C3%A9".repeat(513), "x", 400,
                        "KeyTooLongError", null),
                bad("CreateMultipartUpload: a key over 1,024 bytes", "POST /" + BUCKET + "/" + "k".repeat(1025) + "?uploads", "", 400,
                        "KeyTooLongError", null),
                bad("CopyObject: a destination over 1,024 bytes", "PUT /" + BUCKET + "/" + "k".repeat(1025), "", 400, "KeyTooLongError", null,
                        "x-amz-copy-source: /" + BUCKET + "/present"),
                bad("CopyObject: a source over 1,024 bytes", "PUT /" + BUCKET + "/copy-long", "", 400, "KeyTooLongError", "copy-long",
                        "x-amz-copy-source: /" + BUCKET + "/" + "k".repeat(1025)),
                bad("GetObject: a key over 1,024 bytes", "GET /" + BUCKET + "/" + "k".repeat(1025), "", 400, "KeyTooLongError", null),
                bad("UploadPart: a key over 1,024 bytes", "PUT /" + BUCKET + "/" + "k".repeat(1025) + "?uploadId=x&partNumber=1", "x", 400,
                        "KeyTooLongError", null),
                bad("DeleteObjects: malformed XML", "POST /" + BUCKET + "?delete", "<Delete><Object><Key>present", 400, "MalformedXML", null),
                bad("DeleteObjects: an empty body", "POST /" + BUCKET + "?delete", "", 400, "MalformedXML", null),
                bad("DeleteObjects: an Object without a Key", "POST /" + BUCKET + "?delete", "<Delete><Object></Object></Delete>", 400, "MalformedXML",
                        null),
                bad("CompleteMultipartUpload: malformed XML", complete, "<CompleteMultipartUpload><Part>", 400, "MalformedXML", "mp"),
                bad("CompleteMultipartUpload: an empty body", complete, "", 400, "MalformedXML", "mp"),
                bad("CompleteMultipartUpload: no part", complete, "<CompleteMultipartUpload></CompleteMultipartUpload>", 400, "MalformedXML", "mp"),
                bad("CompleteMultipartUpload: a part never uploaded", complete,
                        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"x\"</ETag></Part></CompleteMultipartUpload>", 400,
                        "InvalidPart", "mp"),
                bad("part number 0", part + "0", "x", 400, "InvalidArgument", "mp"),
                bad("part number 10001", part + "10001", "x", 400, "InvalidArgument", "mp"),
                bad("part number x", part + "x", "x", 400, "InvalidArgument", "mp"),
                bad("max-keys=-1", "GET /" + BUCKET + "?max-keys=-1", "", 400, "InvalidArgument", null),
                bad("max-keys=abc", "GET /" + BUCKET + "?max-keys=abc", "", 400, "InvalidArgument", null),
                bad("V2 max-keys=1e9", "GET /" + BUCKET + "?list-type=2&max-keys=1e9", "", 400, "InvalidArgument", null),
                bad("encoding-type=fish", "GET /" + BUCKET + "?encoding-type=fish", "", 400, "InvalidArgument", null),
                bad("max-uploads=abc", "GET /" + BUCKET + "?uploads&max-uploads=abc", "", 400, "InvalidArgument", null),
                bad("a Content-MD5 that is no MD5", "PUT /" + BUCKET + "/md5-1", "x", 400, "InvalidDigest", "md5-1", "Content-MD5: nope"),
                bad("a Content-MD5 of other bytes", "PUT /" + BUCKET + "/md5-2", "x", 400, "BadDigest", "md5-2",
                        "Content-MD5: 1B2M2Y8AsgTpgAmY7PhCfg=="),
                bad("a checksum of other bytes", "PUT /" + BUCKET + "/crc-1", "x", 400, "BadDigest", "crc-1", "x-amz-checksum-crc32: AAAAAA=="),
                bad("an unknown SDK checksum algorithm", "PUT /" + BUCKET + "/crc-2", "x", 400, "InvalidRequest", "crc-2",
                        "x-amz-sdk-checksum-algorithm: FISH"),
                bad("a checksum header of an unknown algorithm", "PUT /" + BUCKET + "/crc-3", "x", 400, "InvalidRequest", "crc-3",
                        "x-amz-checksum-fish: AAAAAA=="),
                bad("an unknown x-amz-checksum-algorithm", "PUT /" + BUCKET + "/crc-4", "x", 400, "InvalidRequest", "crc-4",
                        "x-amz-checksum-algorithm: FISH"),
                bad("an SDK algorithm other than the checksum sent", "PUT /" + BUCKET + "/crc-5", "x", 400, "InvalidRequest", "crc-5",
                        "x-amz-checksum-crc32: jHVfSg==", "x-amz-sdk-checksum-algorithm: SHA1"),
                bad("two checksums", "PUT /" + BUCKET + "/crc-6", "x", 400, "InvalidRequest", "crc-6",
                        "x-amz-checksum-crc32: jHVfSg==", "x-amz-checksum-crc32c: AAAAAA=="),
                bad("UploadPart: a checksum header of an unknown algorithm", part + "1", "x", 400, "InvalidRequest", "mp",
                        "x-amz-checksum-fish: AAAAAA=="),
                bad("UploadPartCopy: an unknown x-amz-checksum-algorithm", part + "2", "", 400, "InvalidRequest", "mp",
                        "x-amz-copy-source: /" + BUCKET + "/present", "x-amz-checksum-algorithm: FISH"),
                bad("CreateMultipartUpload: an unknown x-amz-checksum-algorithm", "POST /" + BUCKET + "/mp-fish?uploads", "", 400,
                        "InvalidRequest", "mp-fish", "x-amz-checksum-algorithm: FISH"),
                bad("CopyObject: an unknown x-amz-checksum-algorithm", "PUT /" + BUCKET + "/copy-fish", "", 400, "InvalidRequest", "copy-fish",
                        "x-amz-copy-source: /" + BUCKET + "/present", "x-amz-checksum-algorithm: FISH"),
                bad("user metadata over 2 KB", "PUT /" + BUCKET + "/meta", "x", 400, "MetadataTooLarge", "meta", "x-amz-meta-big: " + "m".repeat(2100)),
                bad("a bad x-amz-date on a signed request (S3: 403)", "PUT /" + BUCKET + "/dated", "x", 403, "AccessDenied", "dated",
                        "x-amz-date: yesterday", "x-amz-content-sha256: UNSIGNED-PAYLOAD", "Authorization: AWS4-HMAC-SHA256 "
                                + "Credential=AKIDEXAMPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"),
                bad("a negative Content-Length", "PUT /" + BUCKET + "/len-1", "x", 400, "InvalidRequest", "len-1", "Content-Length: -1"),
                bad("a Content-Length that is no number", "PUT /" + BUCKET + "/len-2", "x", 400, "InvalidRequest", "len-2", "Content-Length: abc"),
                bad("a header section over the limit", "GET /" + BUCKET + "/present", "", 400, "RequestHeaderSectionTooLarge", null,
                        "X-Big: " + "h".repeat(30_000)),
                bad("a request line over the limit", "GET /" + BUCKET + "/" + "k".repeat(10_000), "", 400, "InvalidURI", null),
                bad("a method S3 does not have", "PATCH /" + BUCKET + "/present", "", 405, "MethodNotAllowed", null),
                new Case("an object over the size limit", head("PUT /" + BUCKET + "/huge", 1L << 45), "abc".getBytes(StandardCharsets.UTF_8), 400,
                        "EntityTooLarge", "huge"),
                new Case("a garbled request line", "GARBAGE\r\n\r\n", new byte[0], 400, "InvalidRequest", null)));
        return cases;
    }

    /** Range headers RFC 9110 section 14.2 lets a server ignore, as S3 does: the whole object, 200. */
    private static final String[] IGNORED_RANGES = {"bytes=5-2", "bytes=abc", "bytes=0-1,3-4"};

    @Test
    void everyBadInputIsAnS3ErrorAndLeavesNothingVisible() throws IOException {
        URI s3 = URI.create("http://127.0.0.1:" + server.port() + "/");
        assertTrue(List.of(200, 409).contains(send(s3, head("PUT /" + BUCKET, 0), "").status()));
        assertEquals(200, send(s3, head("PUT /" + BUCKET + "/present", 10), "0123456789").status());
        RawHttp.Answer created = send(s3, head("POST /" + BUCKET + "/mp?uploads", 0), "");
        Matcher uploadId = UPLOAD_ID.matcher(created.body());
        assertTrue(uploadId.find(), created.raw());
        int checked = 0;
        int absent = 0;
        for (Case c : cases(uploadId.group(1))) {
            RawHttp.Answer answer = RawHttp.send(s3, c.head().getBytes(StandardCharsets.ISO_8859_1), c.body());
            String what = c.name() + ": " + answer.raw();
            assertEquals(c.status(), answer.status(), what);
            assertEquals("application/xml", answer.header("content-type"), what);
            assertTrue(answer.body().contains("<Code>" + c.code() + "</Code>"), what);
            Matcher message = Pattern.compile("<Message>([^<]{10,})</Message>").matcher(answer.body());
            assertTrue(message.find(), what);
            assertFalse(answer.header("x-amz-request-id") == null, what);
            for (String trace : new String[] {"\tat ", "Exception", ".java:"}) {
                assertFalse(answer.body().contains(trace), "stack trace text '" + trace + "' in " + what);
            }
            if (c.absentKey() != null) {
                String path = "/" + BUCKET + "/" + encode(c.absentKey());
                assertEquals(404, send(s3, head("GET " + path, 0), "").status(), c.name() + ": " + c.absentKey() + " became visible");
                absent++;
            }
            checked++;
        }
        assertEquals(49, checked);
        assertEquals(27, absent);
        // The upload the refused parts and completions named is still open, and holds no part.
        RawHttp.Answer parts = send(s3, head("GET /" + BUCKET + "/mp?uploadId=" + uploadId.group(1), 0), "");
        assertEquals(200, parts.status(), parts.raw());
        assertFalse(parts.body().contains("<Part>"), parts.raw());
        // The refused CreateMultipartUploads opened nothing: "mp" is the only upload.
        RawHttp.Answer uploads = send(s3, head("GET /" + BUCKET + "?uploads", 0), "");
        assertEquals(200, uploads.status(), uploads.raw());
        assertEquals(1, uploads.body().split("<Upload>", -1).length - 1, uploads.raw());
        assertTrue(uploads.body().contains("<Key>mp</Key>"), uploads.raw());
    }

    /** An algorithm S3 does not know is refused in S3's words, in each header that can name one. */
    @Test
    void unknownChecksumAlgorithmsAreRefusedInS3sWords() throws IOException {
        URI s3 = URI.create("http://127.0.0.1:" + server.port() + "/");
        assertTrue(List.of(200, 409).contains(send(s3, head("PUT /" + BUCKET, 0), "").status()));
        String[][] refused = {
                {"x-amz-sdk-checksum-algorithm: FISH", "Value for x-amz-sdk-checksum-algorithm header is invalid."},
                {"x-amz-checksum-fish: AAAAAA==", "The algorithm type you specified in x-amz-checksum- header is invalid."},
                {"x-amz-checksum-algorithm: FISH", "Checksum algorithm provided is unsupported. Please try again with any of the valid types: "
                        + "[CRC32, CRC32C, CRC64NVME, SHA1, SHA256]"}};
        for (String[] c : refused) {
            RawHttp.Answer answer = send(s3, head("PUT /" + BUCKET + "/words", 1, c[0]), "x");
            assertEquals(400, answer.status(), answer.raw());
            assertTrue(answer.body().contains("<Code>InvalidRequest</Code><Message>" + c[1] + "</Message>"), answer.raw());
        }
        assertEquals(404, send(s3, head("GET /" + BUCKET + "/words", 0), "").status());
        // Known algorithms in the same headers, any case, are taken as before.
        assertEquals(200, send(s3, head("PUT /" + BUCKET + "/words", 1, "x-amz-sdk-checksum-algorithm: crc32c"), "x").status());
        assertEquals(200, send(s3, head("PUT /" + BUCKET + "/words", 1, "x-amz-checksum-algorithm: SHA256"), "x").status());
        assertEquals(3, refused.length);
    }

    /** A key of exactly 1,024 bytes of UTF-8 is S3's longest: stored; one byte more is KeyTooLongError; so is a DeleteObjects entry. */
    @Test
    void theLongestKeyIsStoredAndOneByteMoreIsKeyTooLong() throws IOException {
        URI s3 = URI.create("http://127.0.0.1:" + server.port() + "/");
        assertTrue(List.of(200, 409).contains(send(s3, head("PUT /" + BUCKET, 0), "").status()));
        String longest = "%C3%A9".repeat(511) + "kk"; // 511 two-byte chars and two one-byte: 1,024 bytes
        assertEquals(200, send(s3, head("PUT /" + BUCKET + "/" + longest, 1), "x").status());
        assertEquals(200, send(s3, head("GET /" + BUCKET + "/" + longest, 0), "").status());
        RawHttp.Answer tooLong = send(s3, head("PUT /" + BUCKET + "/" + longest + "k", 1), "x");
        assertEquals(400, tooLong.status(), tooLong.raw());
        assertTrue(tooLong.body().contains("<Code>KeyTooLongError</Code>"), tooLong.raw());
        String delete = "<Delete><Object><Key>" + "k".repeat(1025) + "</Key></Object></Delete>";
        RawHttp.Answer deleted = send(s3, head("POST /" + BUCKET + "?delete", delete.length()), delete);
        assertEquals(200, deleted.status(), deleted.raw());
        assertTrue(deleted.body().contains("<Code>KeyTooLongError</Code>"), deleted.raw());
    }

    @Test
    void badRangesAreIgnoredAndTheWholeObjectIsSent() throws IOException {
        URI s3 = URI.create("http://127.0.0.1:" + server.port() + "/");
        assertTrue(List.of(200, 409).contains(send(s3, head("PUT /" + BUCKET, 0), "").status()));
        assertEquals(200, send(s3, head("PUT /" + BUCKET + "/ranged", 10), "0123456789").status());
        int checked = 0;
        for (String range : IGNORED_RANGES) {
            RawHttp.Answer answer = send(s3, head("GET /" + BUCKET + "/ranged", 0, "Range: " + range), "");
            assertEquals(200, answer.status(), range + ": " + answer.raw());
            assertEquals("0123456789", answer.body(), range);
            checked++;
        }
        RawHttp.Answer past = send(s3, head("GET /" + BUCKET + "/ranged", 0, "Range: bytes=10-"), "");
        assertEquals(416, past.status(), past.raw());
        assertTrue(past.body().contains("<Code>InvalidRange</Code>"), past.raw());
        assertEquals(3, checked);
    }

    /** UTF-8 sent raw in the request line (not escaped) names the same key as its escapes: only bytes that are not UTF-8 are refused. */
    @Test
    void rawUtf8InThePathIsTheSameKeyAsItsEscapes() throws IOException {
        URI s3 = URI.create("http://127.0.0.1:" + server.port() + "/");
        assertTrue(List.of(200, 409).contains(send(s3, head("PUT /" + BUCKET, 0), "").status()));
        RawHttp.Answer put = RawHttp.send(s3, head("PUT /" + BUCKET + "/raw-été", 3).getBytes(StandardCharsets.UTF_8),
                "abc".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, put.status(), put.raw());
        RawHttp.Answer get = send(s3, head("GET /" + BUCKET + "/raw-%C3%A9t%C3%A9", 0), "");
        assertEquals(200, get.status(), get.raw());
        assertEquals("abc", get.body());
    }

    private static RawHttp.Answer send(URI s3, String head, String body) throws IOException {
        return RawHttp.send(s3, head.getBytes(StandardCharsets.ISO_8859_1), body.getBytes(StandardCharsets.UTF_8));
    }

    /** A key as a path: every byte of its UTF-8 outside the unreserved set escaped. */
    private static String encode(String key) {
        StringBuilder out = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            out.append(Character.isLetterOrDigit(c) && c < 0x80 || c == '-' ? String.valueOf((char) c) : "%%%02X".formatted(c));
        }
        return out.toString();
    }

    /** A request head: the line, Host, Connection: close, a Content-Length (unless one is among the headers), the headers. */
    private static String head(String requestLine, long contentLength, String... headers) {
        StringBuilder head = new StringBuilder(requestLine).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        if (Arrays.stream(headers).noneMatch(h -> h.regionMatches(true, 0, "Content-Length:", 0, 15))) {
            head.append("Content-Length: ").append(contentLength).append("\r\n");
        }
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }
}
