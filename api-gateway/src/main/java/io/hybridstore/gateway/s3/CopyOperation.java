package io.hybridstore.gateway.s3;

import io.hybridstore.common.model.BlobInfo;
import io.hybridstore.common.model.Bucket;
import io.hybridstore.gateway.blob.BlobResult;
import io.hybridstore.gateway.read.BlobReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * CopyObject: the source's bytes streamed from the read path into the write path (a new blob,
 * verified stripe by stripe on the way out and hashed again on the way in). Metadata directive
 * COPY keeps the source's content type and attributes, REPLACE takes the request's.
 */
final class CopyOperation {

    /** Bytes buffered between the reading and the writing thread. */
    private static final int PIPE = 1 << 20;

    private final ObjectOperations objects;
    private final BlobReader reader;
    private final S3Access access;
    private final ExecutorService threads;

    CopyOperation(ObjectOperations objects, BlobReader reader, S3Access access, ExecutorService threads) {
        this.objects = objects;
        this.reader = reader;
        this.access = access;
        this.threads = threads;
    }

    S3Response copy(S3Request request) {
        Bucket target = access.forWrite(request.caller(), request.bucket());
        String targetName = ObjectOperations.blobName(target, request.key());
        String[] source = source(request.header("x-amz-copy-source"));
        Bucket from = access.forRead(request.caller(), source[0]);
        String sourceName = ObjectOperations.blobName(from, source[1]);
        String directive = request.header("x-amz-metadata-directive");
        boolean replace = "REPLACE".equalsIgnoreCase(directive);
        if (directive != null && !replace && !"COPY".equalsIgnoreCase(directive)) {
            throw S3Exception.invalidArgument("Unknown metadata directive " + directive);
        }
        if (sourceName.equals(targetName) && !replace) {
            throw new S3Exception("InvalidRequest", 400, "This copy request is illegal because it is trying to copy an object to itself"
                    + " without changing the object's metadata.");
        }
        BlobReader.Download download = reader.open(sourceName, null);
        BlobInfo blob = download.blob();
        String ifMatch = request.header("x-amz-copy-source-if-match");
        if (ifMatch != null && !ObjectHeaders.matches(ifMatch, ObjectHeaders.etag(blob))) {
            throw S3Exception.preconditionFailed("x-amz-copy-source-if-match");
        }
        Map<String, String> attributes = replace ? ObjectHeaders.from(request.headers()) : ObjectHeaders.withoutChecksums(blob.attributes());
        String contentType = replace ? ObjectOperations.contentType(request.headers()) : blob.contentType();
        ChecksumAlgorithm algorithm = ObjectHeaders.requestedChecksum(request.headers());
        BlobResult result = pipe(download, threads, in -> objects.store(targetName, contentType, blob.size(),
                new UploadDigests(in, null, algorithm, null), new TreeMap<>(attributes), null));
        return S3Response.xml(200, new S3Xml.CopyObjectResult(S3Dates.iso(System.currentTimeMillis()), "\"" + result.md5() + "\""));
    }

    /**
     * Streams a download into {@code consumer} through a bounded pipe: the source is read (and
     * verified) on another thread while the consumer writes, so a copy holds at most the pipe's
     * bytes whatever the object's size.
     */
    static <T> T pipe(BlobReader.Download download, ExecutorService threads, Function<InputStream, T> consumer) {
        try (PipedInputStream in = new PipedInputStream(PIPE); PipedOutputStream out = new PipedOutputStream(in)) {
            Future<?> reading = threads.submit(() -> {
                try (out) {
                    download.writeTo(out);
                }
                return null;
            });
            try {
                return consumer.apply(in);
            } finally {
                reading.cancel(true);
            }
        } catch (IOException e) {
            throw new S3Exception("InternalError", 500, "the copy's source could not be read");
        }
    }

    /** {@code [bucket, key]} of an {@code x-amz-copy-source} ({@code [/]bucket/key[?versionId=...]}, URL-encoded). */
    static String[] source(String header) {
        if (header == null || header.isBlank()) {
            throw S3Exception.invalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
        }
        String value = header.trim();
        int query = value.indexOf('?');
        if (query >= 0) {
            String version = value.substring(query + 1);
            if (!version.equals("versionId=null") && !version.isEmpty()) {
                throw S3Exception.notImplemented("copying a version other than null");
            }
            value = value.substring(0, query);
        }
        String decoded = S3Route.decodePath(value.startsWith("/") ? value.substring(1) : value);
        int slash = decoded.indexOf('/');
        if (slash <= 0 || slash == decoded.length() - 1) {
            throw S3Exception.invalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
        }
        return new String[] {decoded.substring(0, slash), decoded.substring(slash + 1)};
    }
}
