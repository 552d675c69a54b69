package io.hybridstore.common.auth.sigv4;

import io.hybridstore.common.auth.AuthFailures;
import io.hybridstore.common.auth.SignedRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a SigV4 request claims, from its Authorization header or its presigned query: the
 * credential scope, the signed headers, the signature, when it was signed, the payload mode, and
 * (presigned only) how long it stays valid.
 */
record SignatureParts(Scope scope, List<String> signedHeaders, String signature, String timestamp, Instant signedAt,
                      String payloadHash, boolean presigned, Duration expires) {

    static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

    /** {@code AWS4-HMAC-SHA256 Credential=.../s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=...} */
    static SignatureParts fromHeader(String authorization, SignedRequest request) {
        String value = authorization.strip();
        if (!value.startsWith(SigV4Verifier.ALGORITHM + " ")) {
            if (value.startsWith("AWS ")) {
                throw AuthFailures.invalidRequest("Signature Version 2 is not supported; sign with AWS4-HMAC-SHA256 (Signature V4)");
            }
            throw AuthFailures.headerMalformed("the Authorization header must start with " + SigV4Verifier.ALGORITHM);
        }
        Map<String, String> fields = new HashMap<>();
        for (String part : value.substring(SigV4Verifier.ALGORITHM.length()).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        }
        String credential = fields.get("Credential");
        String signedHeaders = fields.get("SignedHeaders");
        String signature = fields.get("Signature");
        if (credential == null || signedHeaders == null || signature == null) {
            throw AuthFailures.headerMalformed("the Authorization header needs Credential, SignedHeaders and Signature");
        }
        Scope scope = Scope.parse(credential, AuthFailures::headerMalformed);
        String timestamp;
        String amzDate = request.header("x-amz-date");
        if (amzDate != null) {
            timestamp = amzDate.strip();
        } else if (request.header("date") != null) {
            timestamp = fromHttpDate(request.header("date"));
        } else {
            throw AuthFailures.accessDenied("AWS authentication requires a valid Date or x-amz-date header");
        }
        String payload = request.header("x-amz-content-sha256");
        if (payload == null) {
            throw AuthFailures.invalidRequest("Missing required header for this request: x-amz-content-sha256");
        }
        List<String> headers = headerList(signedHeaders, AuthFailures::headerMalformed);
        return new SignatureParts(scope, headers, signature, timestamp, parse(timestamp, false), payload.strip(), false, Duration.ZERO);
    }

    /** {@code X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders, X-Amz-Signature}. */
    static SignatureParts fromQuery(String rawQuery) {
        Map<String, String> q = new HashMap<>();
        for (Map.Entry<String, String> p : Canonical.queryParameters(rawQuery)) {
            q.putIfAbsent(p.getKey(), p.getValue());
        }
        for (String required : List.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders",
                "X-Amz-Signature")) {
            if (q.get(required) == null || q.get(required).isEmpty()) {
                throw AuthFailures.queryMalformed("a presigned URL needs " + required);
            }
        }
        if (!SigV4Verifier.ALGORITHM.equals(q.get("X-Amz-Algorithm"))) {
            throw AuthFailures.queryMalformed("X-Amz-Algorithm must be " + SigV4Verifier.ALGORITHM);
        }
        long seconds;
        try {
            seconds = Long.parseLong(q.get("X-Amz-Expires"));
        } catch (NumberFormatException e) {
            throw AuthFailures.queryMalformed("X-Amz-Expires must be a number of seconds");
        }
        if (seconds < 0) {
            throw AuthFailures.queryMalformed("X-Amz-Expires must be non-negative");
        }
        if (seconds > SigV4Verifier.MAX_PRESIGNED_EXPIRY.toSeconds()) {
            throw AuthFailures.queryMalformed("X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be "
                    + "less than 604800 seconds");
        }
        Scope scope = Scope.parse(q.get("X-Amz-Credential"), AuthFailures::queryMalformed);
        String timestamp = q.get("X-Amz-Date");
        String payload = q.getOrDefault("X-Amz-Content-Sha256", PayloadModes.UNSIGNED);
        return new SignatureParts(scope, headerList(q.get("X-Amz-SignedHeaders"), AuthFailures::queryMalformed),
                q.get("X-Amz-Signature"), timestamp, parse(timestamp, true), payload, true, Duration.ofSeconds(seconds));
    }

    private static List<String> headerList(String signedHeaders, java.util.function.Function<String, io.hybridstore.common.auth.AuthFailure> malformed) {
        List<String> names = Arrays.stream(signedHeaders.split(";")).map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
        if (names.isEmpty() || names.stream().anyMatch(String::isEmpty)) {
            throw malformed.apply("SignedHeaders must be a ';'-separated list of header names, not '" + signedHeaders + "'");
        }
        if (!names.contains("host")) {
            throw malformed.apply("SignedHeaders must include host");
        }
        return names;
    }

    private static Instant parse(String timestamp, boolean presigned) {
        try {
            return LocalDateTime.parse(timestamp, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            String message = "the request time '" + timestamp + "' is not in the form 20130524T000000Z";
            throw presigned ? AuthFailures.queryMalformed(message) : AuthFailures.accessDenied(message);
        }
    }

    /** A {@code Date} header (RFC 1123) as the SigV4 timestamp it stands for. */
    private static String fromHttpDate(String date) {
        try {
            return AMZ_DATE.format(ZonedDateTime.parse(date.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).withZoneSameInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            throw AuthFailures.accessDenied("AWS authentication requires a valid Date or x-amz-date header");
        }
    }
}
