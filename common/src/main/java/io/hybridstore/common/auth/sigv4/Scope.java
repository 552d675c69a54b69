package io.hybridstore.common.auth.sigv4;

import io.hybridstore.common.auth.AuthFailure;
import java.util.function.Function;

/**
 * The credential of a SigV4 request, {@code AKID/20130524/us-east-1/s3/aws4_request}: which key,
 * and the day, region and service its signing key was derived for.
 */
public record Scope(String accessKeyId, String date, String region, String service) {

    public static final String TERMINATOR = "aws4_request";

    /** Parses from the end: the id is whatever precedes the last four segments. */
    public static Scope parse(String credential, Function<String, AuthFailure> malformed) {
        String[] parts = credential == null ? new String[0] : credential.split("/", -1);
        if (parts.length < 5 || !TERMINATOR.equals(parts[parts.length - 1])) {
            throw malformed.apply("the credential must be KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request, not '" + credential + "'");
        }
        int n = parts.length;
        String id = String.join("/", java.util.Arrays.copyOf(parts, n - 4));
        String date = parts[n - 4];
        if (id.isEmpty() || date.length() != 8 || !date.chars().allMatch(Character::isDigit)) {
            throw malformed.apply("the credential must be KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request, not '" + credential + "'");
        }
        return new Scope(id, date, parts[n - 3], parts[n - 2]);
    }

    /** The scope line of the string to sign: {@code 20130524/us-east-1/s3/aws4_request}. */
    public String text() {
        return date + "/" + region + "/" + service + "/" + TERMINATOR;
    }
}
