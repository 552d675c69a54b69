package io.hybridstore.gateway.s3;

import io.hybridstore.common.model.BlobInfo;
import io.hybridstore.common.model.Bucket;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.MultipartUpload;
import io.hybridstore.common.model.UploadedPart;
import io.hybridstore.common.model.record.RecordCodec;
import io.hybridstore.common.spi.MultipartStore;
import io.hybridstore.gateway.blob.BlobResult;
import io.hybridstore.gateway.blob.BlobSettings;
import io.hybridstore.gateway.read.BlobReader;
import io.hybridstore.gateway.write.BlobWriter;
import io.hybridstore.gateway.write.Timings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/**
 * Multipart uploads. Each part is stored as blob stripes of its own (RS k+m, never replicated) and
 * recorded in etcd; completing lists the chosen parts' stripes, in order, in the object's record:
 * no byte is copied. The object's ETag is S3's {@code md5-of-part-md5s-N}. Up to 10,000 parts and
 * {@link RecordCodec#MAX_STRIPES} stripes in all (10,000 parts of up to 16 MiB at 4 MiB stripes): a record of
 * more than 1,024 stripes keeps them in pages, which the metadata store writes before the commit.
 *
 * <p>A part's chunks are referenced by no object until the completion; its part record references
 * them, and the healer's GC reads those records before each scan. An upload lives until it is
 * completed or aborted, or the healer's sweeper finds it idle (no part stored, no completion started)
 * for {@code healer.upload-max-age}, above this gateway's max upload time: a part is stored within
 * that time of its start, and a completion touches the upload, then commits within that time of the
 * touch, so the sweeper never removes the part records a completion is about to reference. An abort
 * racing the completion is held off by the commit itself: the object's record is committed only while
 * the upload's record exists, in one atomic step ({@link MultipartStore#completionGuard}), so an abort
 * that comes first makes the completion answer {@code NoSuchUpload}, and one that comes after finds
 * an object already referencing the chunks. Parts resent replace earlier ones; an abort, a replaced
 * part and a part left out of the completion leave their chunks to the GC.
 */
final class MultipartOperations {

    static final int MAX_PART_NUMBER = 10_000;
    private static final int MAX_COMPLETE_BODY = 2 * 1024 * 1024;

    private final MultipartStore uploads;
    private final BlobWriter writer;
    private final BlobReader reader;
    private final S3Access access;
    private final BlobSettings settings;
    private final long minPart;
    private final Clock clock;
    private final ExecutorService threads;

    MultipartOperations(MultipartStore uploads, BlobWriter writer, BlobReader reader, S3Access access, BlobSettings settings,
                        long minPart, Clock clock, ExecutorService threads) {
        this.uploads = uploads;
        this.writer = writer;
        this.reader = reader;
        this.access = access;
        this.settings = settings;
        this.minPart = minPart;
        this.clock = clock;
        this.threads = threads;
    }

    S3Response create(S3Request request) {
        Bucket bucket = access.forWrite(request.caller(), request.bucket());
        ObjectOperations.blobName(bucket, request.key()); // validates the key now rather than at the end
        ObjectHeaders.requestedChecksum(request.headers()); // and the checksum it names: each part computes its own
        String uploadId = UUID.randomUUID().toString().replace("-", "");
        uploads.create(new MultipartUpload(bucket.name(), request.key(), uploadId, access.requireOwner(request.caller()), clock.millis(),
                ObjectOperations.contentType(request.headers()), ObjectHeaders.from(request.headers())));
        return S3Response.xml(200, new S3Xml.InitiateMultipartUploadResult(bucket.name(), request.key(), uploadId));
    }

    S3Response uploadPart(S3Request request) {
        Bucket bucket = access.forWrite(request.caller(), request.bucket());
        MultipartUpload upload = upload(request);
        int number = partNumber(request);
        Map<String, String> headers = request.headers();
        ChecksumAlgorithm algorithm = ObjectHeaders.requestedChecksum(headers);
        UploadDigests body = new UploadDigests(request.body(), headers.get("content-md5"), algorithm,
                algorithm == null ? null : headers.get(algorithm.header()));
        String etag = storePart(bucket, upload, number, body, ObjectOperations.declaredSize(headers));
        return S3Response.status(200).header("ETag", etag).header(algorithm == null ? null : algorithm.header(), body.checksum());
    }

    /** UploadPartCopy: a part's bytes read from an object (a range of it with {@code x-amz-copy-source-range}). */
    S3Response uploadPartCopy(S3Request request) {
        Bucket bucket = access.forWrite(request.caller(), request.bucket());
        MultipartUpload upload = upload(request);
        int number = partNumber(request);
        ObjectHeaders.requestedChecksum(request.headers()); // refuses an algorithm S3 does not know; none is computed for a copied part
        String[] source = CopyOperation.source(request.header("x-amz-copy-source"));
        Bucket from = access.forRead(request.caller(), source[0]);
        String range = request.header("x-amz-copy-source-range");
        BlobReader.Download download = reader.open(ObjectOperations.blobName(from, source[1]), range);
        if (range != null && !download.partial()) {
            throw S3Exception.invalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last");
        }
        long length = download.range() == null ? 0 : download.range().length();
        String etag = CopyOperation.pipe(download, threads,
                in -> storePart(bucket, upload, number, new UploadDigests(in, null, null, null), length));
        return S3Response.xml(200, new S3Xml.CopyPartResult(S3Dates.iso(clock.millis()), etag));
    }

    /**
     * Stores and records one part. Its bytes are digested once on the way in: the MD5 (its ETag, and
     * the object's {@code md5-of-part-md5s-N}) and whatever the client sent to be checked (Content-MD5,
     * an {@code x-amz-checksum-*}, a signed payload's SHA-256). No SHA-256 of the part is computed: it
     * fed only the completed object's identity, which now comes from the parts' MD5s ({@link #assemble}).
     */
    private String storePart(Bucket bucket, MultipartUpload upload, int number, UploadDigests body, Long declaredSize) {
        String name = ObjectOperations.blobName(bucket, upload.key());
        BlobWriter.StoredPart stored = writer.writePart(name, body, declaredSize, new Timings());
        String md5 = body.md5Hex(); // checks Content-MD5 and the checksum before the part is recorded
        UploadedPart part = new UploadedPart(number, stored.size(), md5, null, stored.stripeSize(), stored.stripes(),
                stored.failedNodes(), clock.millis());
        if (!uploads.putPart(bucket.name(), upload.uploadId(), part)) {
            throw noSuchUpload(upload.uploadId());
        }
        return "\"" + md5 + "\"";
    }

    S3Response complete(S3Request request) {
        Bucket bucket = access.forWrite(request.caller(), request.bucket());
        MultipartUpload upload = upload(request);
        long touchedAt = clock.millis();
        if (!uploads.touch(bucket.name(), upload.uploadId(), touchedAt)) { // holds the sweeper off until the commit
            throw noSuchUpload(upload.uploadId());
        }
        S3Xml.CompleteMultipartUpload body = S3Xml.read(request.smallBody(MAX_COMPLETE_BODY), S3Xml.CompleteMultipartUpload.class);
        List<S3Xml.CompletedPart> chosen = body.parts == null ? List.of() : body.parts;
        if (chosen.isEmpty()) {
            throw S3Exception.malformedXml("a CompleteMultipartUpload names at least one part");
        }
        Map<Integer, UploadedPart> stored = new TreeMap<>();
        uploads.parts(bucket.name(), upload.uploadId()).forEach(p -> stored.put(p.partNumber(), p));
        List<UploadedPart> parts = new ArrayList<>();
        int previous = 0;
        for (S3Xml.CompletedPart c : chosen) {
            if (c.partNumber == null || c.partNumber <= previous) {
                throw new S3Exception("InvalidPartOrder", 400, "The list of parts was not in ascending order. Parts must be ordered by"
                        + " part number.");
            }
            previous = c.partNumber;
            UploadedPart part = stored.get(c.partNumber);
            if (part == null || c.etag == null || !c.etag.replace("\"", "").trim().equals(part.md5())) {
                throw new S3Exception("InvalidPart", 400, "One or more of the specified parts could not be found or its entity tag"
                        + " did not match: part " + c.partNumber);
            }
            parts.add(part);
        }
        for (int i = 0; i < parts.size() - 1; i++) {
            if (parts.get(i).size() < minPart) {
                throw new S3Exception("EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed object size:"
                        + " part " + parts.get(i).partNumber() + " has " + parts.get(i).size() + " bytes, every part but the last needs "
                        + minPart);
            }
        }
        BlobResult result = assemble(bucket, upload, parts, touchedAt);
        if (!result.committed() && uploads.get(bucket.name(), upload.uploadId()).isEmpty()) {
            throw noSuchUpload(upload.uploadId()); // aborted before the commit, which its guard then refused
        }
        uploads.delete(bucket.name(), upload.uploadId());
        return S3Response.xml(200, new S3Xml.CompleteMultipartUploadResult("/" + bucket.name() + "/" + upload.key(), bucket.name(),
                upload.key(), "\"" + result.md5() + "\""));
    }

    /**
     * The object's record over its parts' stripes. Its {@code sha256} (the {@code GET /blobs} ETag and
     * the catalogue's content identity; never compared with bytes, since no digest of the whole
     * exists) is the SHA-256 of its parts' MD5s, hex joined: like S3's ETag, it changes when any
     * part's bytes do, and it needs no pass over the bytes beyond the MD5 S3 needs anyway. (Objects
     * completed before it took the SHA-256 of their parts' own SHA-256s, and keep that.)
     *
     * @param touchedAt when the completion marked the upload active: the commit must come within the max upload time of it
     */
    private BlobResult assemble(Bucket bucket, MultipartUpload upload, List<UploadedPart> parts, long touchedAt) {
        List<ColdPart> stripes = new ArrayList<>();
        Set<String> failed = new LinkedHashSet<>();
        StringBuilder md5Hexes = new StringBuilder();
        byte[] md5s = new byte[16 * parts.size()];
        long size = 0;
        int stripeSize = 0;
        for (int i = 0; i < parts.size(); i++) {
            UploadedPart part = parts.get(i);
            stripes.addAll(part.stripes());
            failed.addAll(part.failedNodes());
            md5Hexes.append(part.md5());
            System.arraycopy(HexFormat.of().parseHex(part.md5()), 0, md5s, 16 * i, 16);
            size += part.size();
            stripeSize = Math.max(stripeSize, part.stripeSize());
        }
        // The record lists every stripe: past 1,024 in pages of their own, up to 40 pages (RecordCodec).
        if (stripes.size() > RecordCodec.MAX_STRIPES) {
            throw new S3Exception("EntityTooLarge", 400, "the parts hold " + stripes.size() + " stripes, more than one object may have ("
                    + RecordCodec.MAX_STRIPES + "): upload fewer, larger parts");
        }
        settings.checkSize(size);
        String md5 = HexFormat.of().formatHex(Digests.md5(md5s)) + "-" + parts.size();
        String sha256 = HexFormat.of().formatHex(Digests.sha256(md5Hexes.toString().getBytes(StandardCharsets.US_ASCII)));
        BlobInfo info = new BlobInfo(upload.contentType(), size, sha256, stripes.isEmpty() ? 0 : stripeSize, null, upload.uploadId(),
                md5, upload.attributes(), parts.size(), parts.stream().map(UploadedPart::size).toList());
        return writer.commitAssembled(ObjectOperations.blobName(bucket, upload.key()), info, stripes, List.copyOf(failed),
                touchedAt, uploads.completionGuard(bucket.name(), upload.uploadId()), new Timings());
    }

    S3Response abort(S3Request request) {
        Bucket bucket = access.forWrite(request.caller(), request.bucket());
        MultipartUpload upload = upload(request);
        uploads.delete(bucket.name(), upload.uploadId());
        return S3Response.status(204);
    }

    S3Response listParts(S3Request request) {
        Bucket bucket = access.forRead(request.caller(), request.bucket());
        MultipartUpload upload = upload(request);
        int marker = intParam(request, "part-number-marker", 0);
        int max = Math.min(intParam(request, "max-parts", 1000), 1000);
        List<UploadedPart> after = uploads.parts(bucket.name(), upload.uploadId()).stream().filter(p -> p.partNumber() > marker).toList();
        List<UploadedPart> page = after.subList(0, Math.min(max, after.size()));
        boolean truncated = after.size() > page.size();
        S3Xml.Owner owner = new S3Xml.Owner(upload.owner(), upload.owner());
        return S3Response.xml(200, new S3Xml.ListPartsResult(bucket.name(), upload.key(), upload.uploadId(), owner, owner, "STANDARD",
                marker, truncated ? page.get(page.size() - 1).partNumber() : null, max, truncated,
                page.stream().map(p -> new S3Xml.PartEntry(p.partNumber(), S3Dates.iso(p.uploadedAt()), "\"" + p.md5() + "\"", p.size()))
                        .toList()));
    }

    S3Response listUploads(S3Request request) {
        Bucket bucket = access.forRead(request.caller(), request.bucket());
        String prefix = request.param("prefix") == null ? "" : request.param("prefix");
        String delimiter = request.param("delimiter");
        int max = intParam(request, "max-uploads", 1000);
        if (max < 0) {
            throw S3Exception.invalidArgument("max-uploads must not be negative");
        }
        max = Math.min(max, 1000);
        UploadListing.Page page = UploadListing.page(uploads, bucket.name(), prefix, delimiter, request.param("key-marker"),
                request.param("upload-id-marker"), max);
        List<S3Xml.UploadEntry> entries = page.uploads().stream().map(u -> {
            S3Xml.Owner owner = new S3Xml.Owner(u.owner(), u.owner());
            return new S3Xml.UploadEntry(u.key(), u.uploadId(), owner, owner, "STANDARD", S3Dates.iso(u.initiatedAt()));
        }).toList();
        return S3Response.xml(200, new S3Xml.ListMultipartUploadsResult(bucket.name(), request.param("key-marker"),
                request.param("upload-id-marker"), page.nextKeyMarker(), page.nextUploadIdMarker(), prefix, delimiter, max,
                page.truncated(), entries, page.commonPrefixes().stream().map(S3Xml.CommonPrefix::new).toList()));
    }

    /** The upload the request names, for its key. */
    private MultipartUpload upload(S3Request request) {
        String id = request.param("uploadId");
        MultipartUpload upload = id == null ? null : uploads.get(request.bucket(), id).orElse(null);
        if (upload == null || !upload.key().equals(request.key())) {
            throw noSuchUpload(id);
        }
        return upload;
    }

    private static int partNumber(S3Request request) {
        int n = intParam(request, "partNumber", -1);
        if (n < 1 || n > MAX_PART_NUMBER) {
            throw S3Exception.invalidArgument("Part number must be an integer between 1 and " + MAX_PART_NUMBER + ", inclusive");
        }
        return n;
    }

    private static int intParam(S3Request request, String name, int absent) {
        String value = request.param(name);
        if (value == null) {
            return absent;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw S3Exception.invalidArgument(name + " must be an integer");
        }
    }

    private static S3Exception noSuchUpload(String id) {
        return new S3Exception("NoSuchUpload", 404, "The specified multipart upload does not exist: " + id);
    }
}
