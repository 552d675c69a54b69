package io.hybridstore.gateway.s3;

import io.hybridstore.common.auth.sigv4.SignedPayloadStream;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.BlobInfo;
import io.hybridstore.common.model.Bucket;
import io.hybridstore.common.write.ObjectKeys;
import io.hybridstore.gateway.blob.BlobResult;
import io.hybridstore.gateway.blob.ByteRange;
import io.hybridstore.gateway.read.BlobReader;
import io.hybridstore.gateway.write.BlobWriter;
import io.hybridstore.gateway.write.Timings;
import io.hybridstore.gateway.write.WriteService;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** PutObject, GetObject, HeadObject, DeleteObject: S3 object {@code k} of bucket {@code b} is the blob {@code b/k}. */
final class ObjectOperations {

    static final String DEFAULT_TYPE = "binary/octet-stream";

    private final BlobWriter writer;
    private final BlobReader reader;
    private final WriteService writes;
    private final S3Access access;

    ObjectOperations(BlobWriter writer, BlobReader reader, WriteService writes, S3Access access) {
        this.writer = writer;
        this.reader = reader;
        this.writes = writes;
        this.access = access;
    }

    /** The blob an object key names; a key S3 would refuse is refused as S3 refuses it. */
    static String blobName(Bucket bucket, String key) {
        return bucket.keyPrefix() + ObjectKeys.validateS3Key(requireKeyLength(key));
    }

    /**
     * {@code key}, unless it is longer than S3 allows (1,024 bytes of UTF-8): then {@code KeyTooLongError},
     * S3's own code for it, wherever a key is named (the path, a copy source, a DeleteObjects entry).
     */
    static String requireKeyLength(String key) {
        int bytes = key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > ObjectKeys.MAX_S3_KEY_BYTES) {
            throw new S3Exception("KeyTooLongError", 400, "Your key is too long: " + bytes + " bytes of UTF-8, at most "
                    + ObjectKeys.MAX_S3_KEY_BYTES);
        }
        return key;
    }

    S3Response put(S3Request request) {
        Bucket bucket = access.forWrite(request.caller(), request.bucket());
        String name = blobName(bucket, request.key());
        Map<String, String> headers = request.headers();
        ChecksumAlgorithm algorithm = ObjectHeaders.requestedChecksum(headers);
        UploadDigests body = new UploadDigests(request.body(), headers.get("content-md5"), algorithm,
                algorithm == null ? null : headers.get(algorithm.header()));
        Map<String, String> attributes = ObjectHeaders.from(headers);
        // A payload signed as its hex SHA-256 is hashed by the authenticator's stream as it arrives: the
        // blob takes that verified value rather than hashing every byte again.
        BlobResult result = store(name, contentType(headers), declaredSize(headers), body, attributes,
                SignedPayloadStream.verifiedSha256(request.body()));
        return S3Response.status(200).header("ETag", "\"" + result.md5() + "\"")
                .header(algorithm == null ? null : algorithm.header(), body.checksum());
    }

    /**
     * Writes a body through the blob path, keeping its MD5 and, once computed, its checksum among the attributes.
     *
     * @param verifiedSha256 the body's SHA-256 once the authenticator has checked it, or null to hash it in the writer
     */
    BlobResult store(String name, String contentType, Long declaredSize, UploadDigests body, Map<String, String> attributes,
                     Supplier<String> verifiedSha256) {
        BlobWriter.Upload upload = new BlobWriter.Upload(name, contentType, null, declaredSize, () -> {
            Map<String, String> all = new TreeMap<>(attributes);
            String md5 = body.md5Hex(); // reads to the end if the writer stopped at the declared length: digests checked here
            if (body.algorithm() != null) {
                all.put(body.algorithm().header(), body.checksum());
            }
            return new BlobWriter.BodyFacts(md5, all);
        }, verifiedSha256);
        return writer.write(upload, body, new Timings());
    }

    S3Response get(S3Request request, boolean withBody) {
        Bucket bucket = access.forRead(request.caller(), request.bucket());
        BlobReader.Download whole = reader.open(blobName(bucket, request.key()), null);
        BlobInfo blob = whole.blob();
        String etag = ObjectHeaders.etag(blob);
        long modified = whole.metadata().updatedAt();
        S3Response notModified = checkConditions(request, etag, modified);
        if (notModified != null) {
            return notModified;
        }
        String partNumber = request.param("partNumber");
        List<Long> partSizes = partNumber == null ? null : PartBoundaries.sizes(blob, whole.metadata().stripes()).orElse(null);
        BlobReader.Download download = partNumber == null ? whole.ranged(request.header("range"))
                : part(request, whole, partNumber, partSizes);
        ByteRange range = download.range();
        long length = range == null ? 0 : range.length();
        S3Response response = S3Response.status(download.partial() ? 206 : 200)
                .header("Content-Type", override(request, "content-type", blob.contentType()))
                .header("Last-Modified", S3Dates.http(modified))
                .header("ETag", etag)
                .header("Accept-Ranges", "bytes")
                .header("Content-Range", download.partial() ? range.contentRange() : null)
                .header("x-amz-mp-parts-count", partSizes != null ? Integer.toString(partSizes.size()) : null);
        blob.attributes().forEach((name, value) -> {
            if (name.startsWith(ObjectHeaders.META)) {
                response.header(name, value);
            }
        });
        for (String name : ObjectHeaders.CONTENT_HEADERS) {
            response.header(name, override(request, name, blob.attributes().get(name)));
        }
        if ("ENABLED".equalsIgnoreCase(request.header("x-amz-checksum-mode")) && !download.partial()) {
            ObjectHeaders.checksums(blob.attributes()).forEach(response::header);
        }
        return withBody ? response.stream(length, download::writeTo) : response.lengthOnly(length);
    }

    /**
     * GetObject/HeadObject {@code ?partNumber=N}: part N's bytes of an object assembled from parts
     * (206 with its Content-Range; an empty part is 200 with no bytes), the whole object as part 1
     * of any other, and of an assembled object whose part sizes are neither recorded nor derivable
     * ({@code partSizes} null, see {@link PartBoundaries}).
     */
    private static BlobReader.Download part(S3Request request, BlobReader.Download whole, String partNumber, List<Long> partSizes) {
        if (request.header("range") != null) {
            throw new S3Exception("InvalidRequest", 400, "Cannot specify both Range header and partNumber query parameter");
        }
        int n;
        try {
            n = Integer.parseInt(partNumber.trim());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1 || n > MultipartOperations.MAX_PART_NUMBER) {
            throw S3Exception.invalidArgument("Part number must be an integer between 1 and " + MultipartOperations.MAX_PART_NUMBER
                    + ", inclusive");
        }
        int count = partSizes == null ? 1 : partSizes.size();
        if (n > count) {
            throw new S3Exception("InvalidPartNumber", 416, "The requested partnumber is not satisfiable: the object has " + count
                    + (count == 1 ? " part" : " parts"));
        }
        if (partSizes == null) {
            return whole.ranged(null);
        }
        long first = 0;
        for (int i = 0; i < n - 1; i++) {
            first += partSizes.get(i);
        }
        long size = partSizes.get(n - 1);
        return size == 0 ? whole.none() : whole.ranged("bytes=" + first + "-" + (first + size - 1));
    }

    /** The If-* headers of RFC 9110 as S3 applies them: 412 when a precondition fails, 304 when unchanged, else null. */
    private static S3Response checkConditions(S3Request request, String etag, long modifiedMillis) {
        Instant modified = S3Dates.seconds(modifiedMillis);
        String ifMatch = request.header("if-match");
        if (ifMatch != null ? !ObjectHeaders.matches(ifMatch, etag) : unmodifiedSinceFails(request, modified)) {
            throw S3Exception.preconditionFailed(ifMatch != null ? "If-Match" : "If-Unmodified-Since");
        }
        String ifNoneMatch = request.header("if-none-match");
        boolean unchanged;
        if (ifNoneMatch != null) {
            unchanged = ObjectHeaders.matches(ifNoneMatch, etag);
        } else {
            Instant since = S3Dates.parseHttp(request.header("if-modified-since"));
            unchanged = since != null && !modified.isAfter(since);
        }
        return unchanged ? S3Response.status(304).header("ETag", etag).header("Last-Modified", S3Dates.http(modifiedMillis)) : null;
    }

    private static boolean unmodifiedSinceFails(S3Request request, Instant modified) {
        Instant since = S3Dates.parseHttp(request.header("if-unmodified-since"));
        return since != null && modified.isAfter(since);
    }

    private static String override(S3Request request, String header, String stored) {
        String value = request.param("response-" + header);
        return value != null ? value : stored;
    }

    S3Response delete(S3Request request) {
        Bucket bucket = access.forWrite(request.caller(), request.bucket());
        deleteQuietly(blobName(bucket, request.key()));
        return S3Response.status(204);
    }

    /** Deletes the blob; an absent key (or one holding a JSON document, which S3 does not show) is no error, as in S3. */
    void deleteQuietly(String name) {
        try {
            writes.delete(name, true, new Timings());
        } catch (StoreException e) {
            if (e.code() != ErrorCode.NOT_FOUND && e.code() != ErrorCode.KIND_MISMATCH) {
                throw e;
            }
        }
    }

    static String contentType(Map<String, String> headers) {
        String type = headers.get("content-type");
        return type == null || type.isBlank() ? DEFAULT_TYPE : type;
    }

    /** An aws-chunked body: its Content-Length counts the framing, not the object. */
    private static boolean isChunked(Map<String, String> headers) {
        String mode = headers.get("x-amz-content-sha256");
        String encoding = headers.get("content-encoding");
        return mode != null && mode.startsWith("STREAMING-") || encoding != null && encoding.contains("aws-chunked");
    }

    /** The object's length: the decoded length of an aws-chunked body, else Content-Length; null when unknown. */
    static Long declaredSize(Map<String, String> headers) {
        String decoded = headers.get("x-amz-decoded-content-length");
        String value = decoded != null ? decoded : isChunked(headers) ? null : headers.get("content-length");
        if (value == null) {
            return null;
        }
        try {
            long size = Long.parseLong(value.trim());
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw S3Exception.invalidArgument("bad length " + value);
        }
    }
}
