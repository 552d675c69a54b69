package io.hybridstore.gateway.s3;

import io.hybridstore.common.model.BlobInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which request headers an object keeps ({@link BlobInfo#attributes}) and how they come back:
 * user metadata {@code x-amz-meta-*} and the content headers S3 stores. The ETag is the body's MD5
 * when the object was written through S3, else the SHA-256 the blob API computed.
 */
final class ObjectHeaders {

    /** Content headers kept as sent and returned as they were stored, each overridable by {@code response-<name>}. */
    static final List<String> CONTENT_HEADERS = List.of("content-encoding", "content-disposition", "cache-control",
            "content-language", "expires");
    static final String META = "x-amz-meta-";
    /** The header naming the checksum S3 is to compute (CopyObject, CreateMultipartUpload). */
    static final String ALGORITHM = "x-amz-checksum-algorithm";
    /** Headers that start like a checksum's but carry none: the algorithm asked for, whether to return checksums, their type. */
    private static final Set<String> CHECKSUM_SETTINGS = Set.of(ALGORITHM, "x-amz-checksum-mode", "x-amz-checksum-type");
    /** S3's limit on an object's user metadata. */
    static final int MAX_METADATA_BYTES = 2048;

    private ObjectHeaders() {
    }

    /**
     * The attributes of a PUT, a CreateMultipartUpload or a CopyObject with REPLACE: metadata and content
     * headers, by lower-case name. User metadata over S3's 2 KB (the UTF-8 bytes of every name after
     * {@code x-amz-meta-} and every value) is {@code MetadataTooLarge}, before anything is stored.
     */
    static Map<String, String> from(Map<String, String> headers) {
        Map<String, String> kept = new TreeMap<>();
        int metadataBytes = 0;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            if (name.startsWith(META) || CONTENT_HEADERS.contains(name)) {
                kept.put(name, header.getValue());
            }
            if (name.startsWith(META)) {
                // Header text arrives one char per byte (the HTTP layer reads it as ISO-8859-1): its length is its bytes'.
                metadataBytes += name.length() - META.length() + header.getValue().length();
            }
        }
        if (metadataBytes > MAX_METADATA_BYTES) {
            throw new S3Exception("MetadataTooLarge", 400, "Your metadata headers exceed the maximum allowed metadata size: "
                    + metadataBytes + " bytes, at most " + MAX_METADATA_BYTES);
        }
        String encoding = kept.get("content-encoding");
        if (encoding != null) {
            // aws-chunked is the transfer framing of this request, not an encoding of the object.
            String rest = String.join(",", java.util.Arrays.stream(encoding.split(",")).map(String::trim)
                    .filter(e -> !e.isEmpty() && !e.equalsIgnoreCase("aws-chunked")).toList());
            if (rest.isEmpty()) {
                kept.remove("content-encoding");
            } else {
                kept.put("content-encoding", rest);
            }
        }
        return kept;
    }

    /** The checksums among stored attributes. */
    static Map<String, String> checksums(Map<String, String> attributes) {
        Map<String, String> sums = new TreeMap<>();
        attributes.forEach((name, value) -> {
            if (ChecksumAlgorithm.ofHeader(name) != null) {
                sums.put(name, value);
            }
        });
        return sums;
    }

    /** Attributes a copy keeps from its source: everything but checksums (recomputed on the way). */
    static Map<String, String> withoutChecksums(Map<String, String> attributes) {
        Map<String, String> rest = new TreeMap<>(attributes);
        rest.keySet().removeIf(name -> ChecksumAlgorithm.ofHeader(name) != null);
        return rest;
    }

    static String etag(BlobInfo blob) {
        return "\"" + (blob.md5() != null ? blob.md5() : blob.sha256()) + "\"";
    }

    /** Whether an If-Match / If-None-Match list names this ETag (or is {@code *}). */
    static boolean matches(String condition, String etag) {
        String bare = etag.replace("\"", "");
        for (String candidate : condition.split(",")) {
            String c = candidate.trim();
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            c = c.replace("\"", "");
            if (c.equals("*") || c.equals(bare)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The additional checksum an upload asks for: named by a value header ({@code x-amz-checksum-crc32}),
     * the SDK's header, {@code x-amz-checksum-algorithm} (CopyObject, CreateMultipartUpload) or the trailer
     * it announces. An algorithm S3 does not know, in any of the three headers, is refused as S3 refuses
     * it ({@code InvalidRequest}, S3's own messages), before anything is stored; so are two value
     * headers, and an SDK header that names another algorithm than the value header.
     */
    static ChecksumAlgorithm requestedChecksum(Map<String, String> headers) {
        ChecksumAlgorithm valued = null;
        for (String name : headers.keySet()) {
            if (!name.startsWith(ChecksumAlgorithm.HEADER_PREFIX) || CHECKSUM_SETTINGS.contains(name)) {
                continue;
            }
            ChecksumAlgorithm a = ChecksumAlgorithm.ofHeader(name);
            if (a == null) {
                throw invalidRequest("The algorithm type you specified in x-amz-checksum- header is invalid.");
            }
            if (valued != null) {
                throw invalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
            }
            valued = a;
        }
        String sdk = headers.get("x-amz-sdk-checksum-algorithm");
        ChecksumAlgorithm sdkNamed = sdk == null ? null : ChecksumAlgorithm.named(sdk.trim());
        if (sdk != null && (sdkNamed == null || valued != null && sdkNamed != valued)) {
            throw invalidRequest("Value for x-amz-sdk-checksum-algorithm header is invalid.");
        }
        String asked = headers.get(ALGORITHM);
        ChecksumAlgorithm askedNamed = asked == null ? null : ChecksumAlgorithm.named(asked.trim());
        if (asked != null && askedNamed == null) {
            throw invalidRequest("Checksum algorithm provided is unsupported. Please try again with any of the valid types: "
                    + Arrays.toString(ChecksumAlgorithm.values()));
        }
        if (valued != null || sdkNamed != null || askedNamed != null) {
            return valued != null ? valued : sdkNamed != null ? sdkNamed : askedNamed;
        }
        String trailer = headers.get("x-amz-trailer");
        return trailer == null ? null : ChecksumAlgorithm.ofHeader(trailer.trim().toLowerCase(Locale.ROOT));
    }

    private static S3Exception invalidRequest(String message) {
        return new S3Exception("InvalidRequest", 400, message);
    }
}
