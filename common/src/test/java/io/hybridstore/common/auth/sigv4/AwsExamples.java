package io.hybridstore.common.auth.sigv4;

import io.hybridstore.common.auth.AccessKey;
import io.hybridstore.common.auth.SignedRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The worked examples of the S3 API reference ("Signature Calculations for the Authorization
 * Header", "... Query Parameters", "... Multiple Chunks"), with their published signatures. The
 * example key and secret are AWS's documentation ones.
 */
final class AwsExamples {

    static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final AccessKey KEY = new AccessKey(KEY_ID, SECRET, "example-owner", 0);
    static final Instant AT = Instant.parse("2013-05-24T00:00:00Z");
    static final String DATE = "20130524T000000Z";
    static final String CREDENTIAL = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request";
    static final String VHOST = "examplebucket.s3.amazonaws.com";

    static final String GET_OBJECT_SIGNATURE = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";
    static final String PUT_OBJECT_SIGNATURE = "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd";
    static final String PUT_OBJECT_BODY = "Welcome to Amazon S3.";
    static final String PUT_OBJECT_SHA256 = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
    static final String LIFECYCLE_SIGNATURE = "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543";
    static final String LIST_OBJECTS_SIGNATURE = "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7";
    static final String PRESIGNED_SIGNATURE = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

    static final String SEED_SIGNATURE = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    static final String CHUNK1_SIGNATURE = "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648";
    static final String CHUNK2_SIGNATURE = "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497";
    static final String FINAL_CHUNK_SIGNATURE = "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9";

    private AwsExamples() {
    }

    static SigV4Verifier verifier() {
        return new SigV4Verifier(id -> id.equals(KEY_ID) ? Optional.of(KEY) : Optional.empty(), "us-east-1", new SigningKeys(16));
    }

    static Map<String, List<String>> headers(String... namesAndValues) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.computeIfAbsent(namesAndValues[i], k -> new java.util.ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return headers;
    }

    static SignedRequest getObject() {
        return new SignedRequest("GET", "/test.txt", "", headers(
                "host", VHOST,
                "range", "bytes=0-9",
                "x-amz-content-sha256", Hashes.EMPTY_SHA256,
                "x-amz-date", DATE,
                "authorization", CREDENTIAL + ",SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=" + GET_OBJECT_SIGNATURE),
                AT);
    }

    static SignedRequest putObject(String rawPath) {
        return new SignedRequest("PUT", rawPath, "", headers(
                "date", "Fri, 24 May 2013 00:00:00 GMT",
                "host", VHOST,
                "x-amz-date", DATE,
                "x-amz-storage-class", "REDUCED_REDUNDANCY",
                "x-amz-content-sha256", PUT_OBJECT_SHA256,
                "content-length", "21",
                "authorization", CREDENTIAL + ",SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,Signature="
                        + PUT_OBJECT_SIGNATURE),
                AT);
    }

    static SignedRequest bucketGet(String rawQuery, String signature) {
        return new SignedRequest("GET", "/", rawQuery, headers(
                "host", VHOST,
                "x-amz-content-sha256", Hashes.EMPTY_SHA256,
                "x-amz-date", DATE,
                "authorization", CREDENTIAL + ",SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=" + signature),
                AT);
    }

    static String presignedQuery(String expires, String signature) {
        return "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=" + expires + "&X-Amz-SignedHeaders=host&X-Amz-Signature=" + signature;
    }

    static SignedRequest presigned(Instant received) {
        return new SignedRequest("GET", "/test.txt", presignedQuery("86400", PRESIGNED_SIGNATURE), headers("host", VHOST), received);
    }

    static SignedRequest chunkedPut() {
        return new SignedRequest("PUT", "/examplebucket/chunkObject.txt", "", headers(
                "host", "s3.amazonaws.com",
                "x-amz-date", DATE,
                "x-amz-storage-class", "REDUCED_REDUNDANCY",
                "content-encoding", "aws-chunked",
                "x-amz-decoded-content-length", "66560",
                "content-length", "66824",
                "x-amz-content-sha256", PayloadModes.STREAMING_SIGNED,
                "authorization", CREDENTIAL + ",SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
                        + "x-amz-decoded-content-length;x-amz-storage-class,Signature=" + SEED_SIGNATURE),
                AT);
    }

    /** The example's body: 65536 bytes of 'a', 1024 more, and the final empty chunk, each with its published signature. */
    static byte[] chunkedBody() {
        StringBuilder body = new StringBuilder();
        body.append("10000;chunk-signature=").append(CHUNK1_SIGNATURE).append("\r\n").append("a".repeat(65536)).append("\r\n");
        body.append("400;chunk-signature=").append(CHUNK2_SIGNATURE).append("\r\n").append("a".repeat(1024)).append("\r\n");
        body.append("0;chunk-signature=").append(FINAL_CHUNK_SIGNATURE).append("\r\n\r\n");
        return body.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
