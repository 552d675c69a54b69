package io.hybridstore.common.auth.sigv4;

import io.hybridstore.common.auth.AccessKey;
import io.hybridstore.common.auth.AuthFailure;
import io.hybridstore.common.auth.AuthFailures;
import io.hybridstore.common.auth.Caller;
import io.hybridstore.common.auth.SignedRequest;
import io.hybridstore.common.auth.Verified;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Verifies an AWS Signature V4 request, header or presigned, and hands back the body decoder its
 * payload mode needs. Pure: the keys come through {@code keys}, the time from the request.
 *
 * <p>Order of the checks follows S3's, so clients see the error they expect: malformed
 * credentials (400), wrong region or service (400), time (403 RequestTimeTooSkewed, or AccessDenied
 * for an expired presigned URL), unknown key (403 InvalidAccessKeyId), signature (403
 * SignatureDoesNotMatch); the payload is checked while it streams.
 */
public final class SigV4Verifier {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String SERVICE = "s3";
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);
    public static final Duration MAX_PRESIGNED_EXPIRY = Duration.ofDays(7);

    private final Function<String, Optional<AccessKey>> keys;
    private final String region;
    private final SigningKeys signingKeys;

    public SigV4Verifier(Function<String, Optional<AccessKey>> keys, String region, SigningKeys signingKeys) {
        this.keys = keys;
        this.region = region;
        this.signingKeys = signingKeys;
    }

    /** True when the request carries SigV4 credentials (header or query); false means anonymous. */
    public static boolean carriesCredentials(SignedRequest request) {
        String authorization = request.header("authorization");
        return authorization != null && !authorization.isBlank() || hasQueryCredential(request.rawQuery());
    }

    /** @throws AuthFailure when the credentials do not check out */
    public Verified verify(SignedRequest request) {
        String authorization = request.header("authorization");
        SignatureParts parts;
        if (authorization != null && !authorization.isBlank()) {
            if (hasQueryCredential(request.rawQuery())) {
                throw AuthFailures.invalidArgument("Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, "
                        + "Signature query string parameter or the Authorization header should be specified");
            }
            parts = SignatureParts.fromHeader(authorization, request);
        } else if (hasQueryCredential(request.rawQuery())) {
            parts = SignatureParts.fromQuery(request.rawQuery());
        } else {
            return new Verified(io.hybridstore.common.auth.Caller.ANONYMOUS, anonymousBody(request));
        }
        Scope scope = parts.scope();
        Function<String, AuthFailure> malformed = parts.presigned() ? AuthFailures::queryMalformed : AuthFailures::headerMalformed;
        if (!scope.region().equals(region)) {
            throw malformed.apply("the region '" + scope.region() + "' is wrong; expecting '" + region + "'");
        }
        if (!scope.service().equals(SERVICE)) {
            throw malformed.apply("the service '" + scope.service() + "' is wrong; expecting '" + SERVICE + "'");
        }
        if (!parts.timestamp().startsWith(scope.date())) {
            throw malformed.apply("the credential date " + scope.date() + " is not the date of the request (" + parts.timestamp() + ")");
        }
        checkTime(parts, request.received());
        AccessKey key = keys.apply(scope.accessKeyId()).orElseThrow(AuthFailures::invalidAccessKeyId);
        String canonical = Canonical.request(request.method(), request.rawPath(), request.rawQuery(), request.headers(),
                parts.signedHeaders(), parts.payloadHash(), parts.presigned() ? "X-Amz-Signature"::equals : k -> false);
        String stringToSign = ALGORITHM + "\n" + parts.timestamp() + "\n" + scope.text() + "\n" + Hashes.sha256Hex(canonical);
        byte[] signingKey = signingKeys.key(key.secret(), scope);
        String expected = Hashes.hex(Hashes.hmac(signingKey, stringToSign));
        if (!Hashes.constantTimeEquals(expected, parts.signature())) {
            // As S3 does, say what we signed: the canonical request and string to sign hold no secret,
            // and comparing them with the client's is how a signing mismatch is found.
            throw AuthFailures.signatureDoesNotMatch("request signature; we signed the canonical request '"
                    + canonical.replace("\n", "\\n") + "' as '" + stringToSign.replace("\n", "\\n") + "'");
        }
        return new Verified(Caller.of(key), body(parts, request, signingKey, expected));
    }

    private static void checkTime(SignatureParts parts, Instant received) {
        Instant signedAt = parts.signedAt();
        if (parts.presigned()) {
            if (signedAt.isAfter(received.plus(MAX_SKEW))) {
                throw AuthFailures.accessDenied("Request is not valid yet");
            }
            if (received.isAfter(signedAt.plus(parts.expires()))) {
                throw AuthFailures.accessDenied("Request has expired");
            }
            return;
        }
        if (Duration.between(signedAt, received).abs().compareTo(MAX_SKEW) > 0) {
            throw AuthFailures.requestTimeTooSkewed();
        }
    }

    /**
     * An anonymous request's body still comes in the framing its {@code x-amz-content-sha256} names:
     * the SDKs send aws-chunked with a checksum trailer even without credentials, and a payload hash
     * they send is checked all the same. Chunk signatures need credentials.
     */
    private static UnaryOperator<InputStream> anonymousBody(SignedRequest request) {
        String mode = request.header("x-amz-content-sha256");
        if (mode == null || mode.equals(PayloadModes.UNSIGNED)) {
            return UnaryOperator.identity();
        }
        long declared = longHeader(request, "x-amz-decoded-content-length");
        if (mode.equals(PayloadModes.STREAMING_UNSIGNED_TRAILER)) {
            List<String> names = requireTrailers(trailerNames(request.header("x-amz-trailer")));
            return raw -> new AwsChunkedStream(raw, null, names, declared);
        }
        if (Hashes.isSha256Hex(mode)) {
            long length = longHeader(request, "content-length");
            return raw -> new SignedPayloadStream(raw, mode, length);
        }
        throw AuthFailures.invalidRequest("'" + mode + "' in x-amz-content-sha256 needs a signed request");
    }

    /** The body decoder for the payload mode the request signed. */
    private static UnaryOperator<InputStream> body(SignatureParts parts, SignedRequest request, byte[] signingKey, String seed) {
        String mode = parts.payloadHash();
        long declared = longHeader(request, "x-amz-decoded-content-length");
        List<String> trailers = trailerNames(request.header("x-amz-trailer"));
        return switch (mode) {
            case PayloadModes.UNSIGNED -> UnaryOperator.identity();
            case PayloadModes.STREAMING_SIGNED -> raw -> new AwsChunkedStream(raw,
                    new ChunkSignatures(signingKey, parts.timestamp(), parts.scope(), seed), List.of(), declared);
            case PayloadModes.STREAMING_SIGNED_TRAILER -> {
                List<String> names = requireTrailers(trailers);
                yield raw -> new AwsChunkedStream(raw, new ChunkSignatures(signingKey, parts.timestamp(), parts.scope(), seed), names, declared);
            }
            case PayloadModes.STREAMING_UNSIGNED_TRAILER -> {
                List<String> names = requireTrailers(trailers);
                yield raw -> new AwsChunkedStream(raw, null, names, declared);
            }
            default -> {
                if (!Hashes.isSha256Hex(mode)) {
                    throw AuthFailures.invalidRequest("x-amz-content-sha256 must be a hex SHA-256, " + PayloadModes.UNSIGNED
                            + ", or one of the STREAMING- modes; '" + mode + "' is not supported");
                }
                long length = longHeader(request, "content-length");
                yield raw -> new SignedPayloadStream(raw, mode, length);
            }
        };
    }

    private static List<String> requireTrailers(List<String> trailers) {
        if (trailers.isEmpty()) {
            throw AuthFailures.invalidRequest("a -TRAILER payload mode needs the x-amz-trailer header naming the trailer");
        }
        return trailers;
    }

    static List<String> trailerNames(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        return Arrays.stream(header.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static long longHeader(SignedRequest request, String name) {
        String value = request.header(name);
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw AuthFailures.invalidRequest(name + " must be a non-negative integer, not '" + value + "'");
        }
    }

    private static boolean hasQueryCredential(String rawQuery) {
        return rawQuery != null && (rawQuery.contains("X-Amz-Credential=") || rawQuery.contains("X-Amz-Signature="));
    }
}
