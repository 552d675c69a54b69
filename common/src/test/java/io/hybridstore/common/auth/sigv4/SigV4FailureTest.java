package io.hybridstore.common.auth.sigv4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.auth.AuthFailure;
import io.hybridstore.common.auth.SignedRequest;
import io.hybridstore.common.auth.Verified;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every way a request can fail to authenticate, each with the S3 code and status clients expect. */
class SigV4FailureTest {

    private static final Instant AT = Instant.parse("2026-12-04T10:00:00Z");
    private final SigV4Verifier verifier = AwsExamples.verifier();
    private final TestSigner signer = new TestSigner(AwsExamples.KEY_ID, AwsExamples.SECRET, "us-east-1");

    private SignedRequest get(TestSigner by, Instant received) {
        return by.sign("GET", "/bucket/key", "", Map.of("host", "127.0.0.1:9000"), Hashes.EMPTY_SHA256, AT, received);
    }

    @Test
    void aSignedRequestPasses() {
        assertEquals(AwsExamples.KEY_ID, verifier.verify(get(signer, AT)).caller().accessKeyId().orElseThrow());
    }

    @Test
    void wrongSecret() {
        TestSigner wrong = new TestSigner(AwsExamples.KEY_ID, AwsExamples.SECRET.replace('w', 'W'), "us-east-1");
        AuthFailure f = expect("SignatureDoesNotMatch", 403, () -> verifier.verify(get(wrong, AT)));
        assertTrue(f.getMessage().contains("'GET\\n/bucket/key\\n\\nhost:127.0.0.1:9000\\n"), "the canonical request, for debugging: " + f.getMessage());
        assertTrue(!f.getMessage().contains(AwsExamples.SECRET), "never the secret");
    }

    @Test
    void unknownKey() {
        TestSigner unknown = new TestSigner("HSNOSUCHKEY000000000", AwsExamples.SECRET, "us-east-1");
        expect("InvalidAccessKeyId", 403, () -> verifier.verify(get(unknown, AT)));
    }

    @Test
    void alteredRequestAfterSigning() {
        SignedRequest signed = get(signer, AT);
        SignedRequest otherPath = new SignedRequest("GET", "/bucket/other", "", signed.headers(), AT);
        expect("SignatureDoesNotMatch", 403, () -> verifier.verify(otherPath));
        SignedRequest otherQuery = new SignedRequest("GET", "/bucket/key", "x=1", signed.headers(), AT);
        expect("SignatureDoesNotMatch", 403, () -> verifier.verify(otherQuery));
        SignedRequest otherMethod = new SignedRequest("DELETE", "/bucket/key", "", signed.headers(), AT);
        expect("SignatureDoesNotMatch", 403, () -> verifier.verify(otherMethod));
    }

    @Test
    void clockSkewBeyondFifteenMinutesEitherWay() {
        verifier.verify(get(signer, AT.plusSeconds(14 * 60)));
        verifier.verify(get(signer, AT.minusSeconds(14 * 60)));
        expect("RequestTimeTooSkewed", 403, () -> verifier.verify(get(signer, AT.plusSeconds(15 * 60 + 1))));
        expect("RequestTimeTooSkewed", 403, () -> verifier.verify(get(signer, AT.minusSeconds(15 * 60 + 1))));
    }

    @Test
    void wrongRegionOrService() {
        TestSigner elsewhere = new TestSigner(AwsExamples.KEY_ID, AwsExamples.SECRET, "eu-west-1");
        AuthFailure f = expect("AuthorizationHeaderMalformed", 400, () -> verifier.verify(get(elsewhere, AT)));
        assertTrue(f.getMessage().contains("expecting 'us-east-1'"), f.getMessage());
    }

    @Test
    void presignedExpiryAndItsBound() {
        verifier.verify(AwsExamples.presigned(AwsExamples.AT.plusSeconds(86400)));
        AuthFailure expired = expect("AccessDenied", 403, () -> verifier.verify(AwsExamples.presigned(AwsExamples.AT.plusSeconds(86401))));
        assertEquals("Request has expired", expired.getMessage());
        expect("AccessDenied", 403, () -> verifier.verify(AwsExamples.presigned(AwsExamples.AT.minusSeconds(16 * 60))));
        SignedRequest tooLong = new SignedRequest("GET", "/test.txt", AwsExamples.presignedQuery("604801", AwsExamples.PRESIGNED_SIGNATURE),
                AwsExamples.headers("host", AwsExamples.VHOST), AwsExamples.AT);
        expect("AuthorizationQueryParametersError", 400, () -> verifier.verify(tooLong));
        SignedRequest tampered = new SignedRequest("GET", "/test.txt", AwsExamples.presignedQuery("86401", AwsExamples.PRESIGNED_SIGNATURE),
                AwsExamples.headers("host", AwsExamples.VHOST), AwsExamples.AT);
        expect("SignatureDoesNotMatch", 403, () -> verifier.verify(tampered));
    }

    @Test
    void malformedOrMissingParts() {
        SignedRequest signed = get(signer, AT);
        expect("AuthorizationHeaderMalformed", 400, () -> verifier.verify(withHeader(signed, "authorization",
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261204/us-east-1/s3/aws4_request, Signature=00")));
        expect("InvalidRequest", 400, () -> verifier.verify(withHeader(signed, "authorization", "AWS AKIAIOSFODNN7EXAMPLE:abc=")));
        expect("InvalidRequest", 400, () -> verifier.verify(withHeader(signed, "x-amz-content-sha256", null)));
        expect("AccessDenied", 403, () -> verifier.verify(withHeader(signed, "x-amz-date", null)));
        SignedRequest both = new SignedRequest("GET", "/test.txt", AwsExamples.presignedQuery("86400", AwsExamples.PRESIGNED_SIGNATURE),
                signed.headers(), AT);
        expect("InvalidArgument", 400, () -> verifier.verify(both));
    }

    @Test
    void signedPayloadMismatchIsCaughtAtTheEnd() throws Exception {
        byte[] body = "hello, world".getBytes(StandardCharsets.UTF_8);
        String hash = Hashes.hex(Hashes.sha256().digest(body));
        SignedRequest put = signer.sign("PUT", "/bucket/key", "", Map.of("host", "h", "content-length", "12"), hash, AT, AT);
        Verified ok = verifier.verify(put);
        SignedPayloadStream good = (SignedPayloadStream) ok.body().apply(new ByteArrayInputStream(body));
        assertEquals(null, good.verifiedSha256Hex(), "nothing verified before the body is read");
        assertEquals("hello, world", new String(SigV4KnownAnswerTest.read(good), StandardCharsets.UTF_8));
        assertEquals(hash, good.verifiedSha256Hex(), "the signed hash, once the body matched it: a reader need not hash again");
        byte[] altered = body.clone();
        altered[11] = 'D';
        SignedPayloadStream in = (SignedPayloadStream) verifier.verify(put).body().apply(new ByteArrayInputStream(altered));
        byte[] buffer = new byte[11];
        assertEquals(11, in.readNBytes(buffer, 0, 11), "bytes before the end pass through");
        expect("XAmzContentSHA256Mismatch", 400, () -> in.read(new byte[8]));
        assertEquals(null, in.verifiedSha256Hex(), "a body that did not match has no verified hash");
    }

    @Test
    void unsupportedPayloadMode() {
        SignedRequest put = signer.sign("PUT", "/bucket/key", "", Map.of("host", "h"), "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD", AT, AT);
        expect("InvalidRequest", 400, () -> verifier.verify(put));
    }

    @Test
    void signingKeysAreDerivedOncePerKeyAndDay() {
        SigningKeys keys = new SigningKeys(4);
        SigV4Verifier counting = new SigV4Verifier(id -> java.util.Optional.of(AwsExamples.KEY), "us-east-1", keys);
        for (int i = 0; i < 5; i++) {
            counting.verify(get(signer, AT.plusSeconds(i)));
        }
        assertEquals(1, keys.size());
    }

    static SignedRequest withHeader(SignedRequest request, String name, String value) {
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>(request.headers());
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, List.of(value));
        }
        return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers, request.received());
    }

    static AuthFailure expect(String code, int status, Executable action) {
        AuthFailure failure = assertThrows(AuthFailure.class, action);
        assertEquals(code, failure.code(), failure.getMessage());
        assertEquals(status, failure.status(), failure.getMessage());
        return failure;
    }
}
