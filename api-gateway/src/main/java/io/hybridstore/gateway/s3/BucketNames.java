package io.hybridstore.gateway.s3;

import java.util.regex.Pattern;

/** S3's bucket naming rules (general purpose buckets), checked before a bucket is created. */
public final class BucketNames {

    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private BucketNames() {
    }

    /** Why {@code name} is no valid bucket name, or null when it is one. */
    public static String problem(String name) {
        if (name == null || !SHAPE.matcher(name).matches()) {
            return "bucket names have 3 to 63 characters: lower-case letters, digits, '.' and '-', starting and ending"
                    + " with a letter or digit";
        }
        if (name.contains("..") || name.contains(".-") || name.contains("-.")) {
            return "bucket names must not contain '..', '.-' or '-.'";
        }
        if (IP_ADDRESS.matcher(name).matches()) {
            return "bucket names must not look like an IP address";
        }
        if (name.startsWith("xn--") || name.startsWith("sthree-") || name.endsWith("-s3alias") || name.endsWith("--ol-s3")) {
            return "bucket names must not use a prefix or suffix S3 reserves";
        }
        return null;
    }

    public static String validate(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new S3Exception("InvalidBucketName", 400, "The specified bucket is not valid: " + problem);
        }
        return name;
    }
}
