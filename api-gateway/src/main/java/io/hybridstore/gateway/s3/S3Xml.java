package io.hybridstore.gateway.s3;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlText;
import com.fasterxml.jackson.dataformat.xml.ser.ToXmlGenerator;
import io.hybridstore.common.model.JsonBuffers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.namespace.QName;

/**
 * S3's XML bodies, as Jackson XML maps them: the documents the operations answer with and the few
 * they read (CreateBucketConfiguration, Delete). Absent (null) elements are left out, as S3 does.
 */
public final class S3Xml {

    private static final XmlMapper MAPPER = XmlMapper.builder(XmlFactory.builder().recyclerPool(JsonBuffers.pool()).build())
            .configure(ToXmlGenerator.Feature.WRITE_XML_DECLARATION, true)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private S3Xml() {
    }

    public static byte[] write(Object document) {
        try {
            return MAPPER.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + document.getClass().getSimpleName(), e);
        }
    }

    /**
     * A generator for one document whose root element is {@code root}, declaration first, as
     * {@link #write} makes them: for the listings, written element by element ({@link ListingXml}).
     */
    static ToXmlGenerator generator(OutputStream out, String root) throws IOException {
        ToXmlGenerator generator = (ToXmlGenerator) MAPPER.getFactory().createGenerator(out);
        generator.setNextName(new QName(root));
        generator.initGenerator(); // writes the declaration (WRITE_XML_DECLARATION, set on the mapper's factory)
        return generator;
    }

    /** Parses a request body; anything that is not the expected document is {@code MalformedXML}. */
    public static <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw S3Exception.malformedXml("the body is empty");
        }
        try {
            return MAPPER.readValue(body, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw S3Exception.malformedXml(e.getOriginalMessage());
        } catch (IOException e) {
            throw S3Exception.malformedXml(e.getMessage());
        }
    }

    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    @JacksonXmlRootElement(localName = "Error")
    public record Error(@JsonProperty("Code") String code, @JsonProperty("Message") String message,
                        @JsonProperty("Resource") String resource, @JsonProperty("RequestId") String requestId) {
    }

    public record Owner(@JsonProperty("ID") String id, @JsonProperty("DisplayName") String displayName) {
    }

    public record BucketEntry(@JsonProperty("Name") String name, @JsonProperty("CreationDate") String creationDate) {
    }

    @JacksonXmlRootElement(localName = "ListAllMyBucketsResult")
    public record ListAllMyBucketsResult(@JsonProperty("Owner") Owner owner,
                                         @JacksonXmlElementWrapper(localName = "Buckets") @JsonProperty("Bucket")
                                         List<BucketEntry> buckets) {
    }

    @JacksonXmlRootElement(localName = "LocationConstraint")
    public record LocationConstraint(@JacksonXmlText String region) {
    }

    /** The optional body of CreateBucket. */
    public static final class CreateBucketConfiguration {
        @JsonProperty("LocationConstraint")
        public String locationConstraint;
    }

    public record ObjectEntry(@JsonProperty("Key") String key, @JsonProperty("LastModified") String lastModified,
                              @JsonProperty("ETag") String etag, @JsonProperty("Size") long size,
                              @JsonProperty("StorageClass") String storageClass, @JsonProperty("Owner") Owner owner) {
    }

    public record CommonPrefix(@JsonProperty("Prefix") String prefix) {
    }

    /** ListObjects (v1) and ListObjectsV2: one document, the fields of the other version left null. */
    @JacksonXmlRootElement(localName = "ListBucketResult")
    public record ListBucketResult(@JsonProperty("Name") String name, @JsonProperty("Prefix") String prefix,
                                   @JsonProperty("Marker") String marker, @JsonProperty("NextMarker") String nextMarker,
                                   @JsonProperty("StartAfter") String startAfter,
                                   @JsonProperty("ContinuationToken") String continuationToken,
                                   @JsonProperty("NextContinuationToken") String nextContinuationToken,
                                   @JsonProperty("KeyCount") Integer keyCount, @JsonProperty("MaxKeys") int maxKeys,
                                   @JsonProperty("Delimiter") String delimiter, @JsonProperty("EncodingType") String encodingType,
                                   @JsonProperty("IsTruncated") boolean truncated,
                                   @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("Contents") List<ObjectEntry> contents,
                                   @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("CommonPrefixes")
                                   List<CommonPrefix> commonPrefixes) {
    }

    public record VersionEntry(@JsonProperty("Key") String key, @JsonProperty("VersionId") String versionId,
                               @JsonProperty("IsLatest") boolean latest, @JsonProperty("LastModified") String lastModified,
                               @JsonProperty("ETag") String etag, @JsonProperty("Size") long size,
                               @JsonProperty("StorageClass") String storageClass, @JsonProperty("Owner") Owner owner) {
    }

    @JacksonXmlRootElement(localName = "ListVersionsResult")
    public record ListVersionsResult(@JsonProperty("Name") String name, @JsonProperty("Prefix") String prefix,
                                     @JsonProperty("KeyMarker") String keyMarker, @JsonProperty("VersionIdMarker") String versionIdMarker,
                                     @JsonProperty("NextKeyMarker") String nextKeyMarker,
                                     @JsonProperty("NextVersionIdMarker") String nextVersionIdMarker,
                                     @JsonProperty("MaxKeys") int maxKeys, @JsonProperty("Delimiter") String delimiter,
                                     @JsonProperty("EncodingType") String encodingType, @JsonProperty("IsTruncated") boolean truncated,
                                     @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("Version") List<VersionEntry> versions,
                                     @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("CommonPrefixes")
                                     List<CommonPrefix> commonPrefixes) {
    }

    public record UploadEntry(@JsonProperty("Key") String key, @JsonProperty("UploadId") String uploadId,
                              @JsonProperty("Initiator") Owner initiator, @JsonProperty("Owner") Owner owner,
                              @JsonProperty("StorageClass") String storageClass, @JsonProperty("Initiated") String initiated) {
    }

    @JacksonXmlRootElement(localName = "ListMultipartUploadsResult")
    public record ListMultipartUploadsResult(@JsonProperty("Bucket") String bucket, @JsonProperty("KeyMarker") String keyMarker,
                                             @JsonProperty("UploadIdMarker") String uploadIdMarker,
                                             @JsonProperty("NextKeyMarker") String nextKeyMarker,
                                             @JsonProperty("NextUploadIdMarker") String nextUploadIdMarker,
                                             @JsonProperty("Prefix") String prefix, @JsonProperty("Delimiter") String delimiter,
                                             @JsonProperty("MaxUploads") int maxUploads, @JsonProperty("IsTruncated") boolean truncated,
                                             @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("Upload") List<UploadEntry> uploads,
                                             @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("CommonPrefixes")
                                             List<CommonPrefix> commonPrefixes) {
    }

    @JacksonXmlRootElement(localName = "InitiateMultipartUploadResult")
    public record InitiateMultipartUploadResult(@JsonProperty("Bucket") String bucket, @JsonProperty("Key") String key,
                                                @JsonProperty("UploadId") String uploadId) {
    }

    /** The body of CompleteMultipartUpload. */
    public static final class CompleteMultipartUpload {
        @JacksonXmlElementWrapper(useWrapping = false)
        @JsonProperty("Part")
        public List<CompletedPart> parts;
    }

    public static final class CompletedPart {
        @JsonProperty("PartNumber")
        public Integer partNumber;
        @JsonProperty("ETag")
        public String etag;
    }

    @JacksonXmlRootElement(localName = "CompleteMultipartUploadResult")
    public record CompleteMultipartUploadResult(@JsonProperty("Location") String location, @JsonProperty("Bucket") String bucket,
                                                @JsonProperty("Key") String key, @JsonProperty("ETag") String etag) {
    }

    public record PartEntry(@JsonProperty("PartNumber") int partNumber, @JsonProperty("LastModified") String lastModified,
                            @JsonProperty("ETag") String etag, @JsonProperty("Size") long size) {
    }

    @JacksonXmlRootElement(localName = "ListPartsResult")
    public record ListPartsResult(@JsonProperty("Bucket") String bucket, @JsonProperty("Key") String key,
                                  @JsonProperty("UploadId") String uploadId, @JsonProperty("Initiator") Owner initiator,
                                  @JsonProperty("Owner") Owner owner, @JsonProperty("StorageClass") String storageClass,
                                  @JsonProperty("PartNumberMarker") int partNumberMarker,
                                  @JsonProperty("NextPartNumberMarker") Integer nextPartNumberMarker,
                                  @JsonProperty("MaxParts") int maxParts, @JsonProperty("IsTruncated") boolean truncated,
                                  @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("Part") List<PartEntry> parts) {
    }

    @JacksonXmlRootElement(localName = "CopyPartResult")
    public record CopyPartResult(@JsonProperty("LastModified") String lastModified, @JsonProperty("ETag") String etag) {
    }

    @JacksonXmlRootElement(localName = "VersioningConfiguration")
    public record VersioningConfiguration() {
    }

    @JacksonXmlRootElement(localName = "CopyObjectResult")
    public record CopyObjectResult(@JsonProperty("LastModified") String lastModified, @JsonProperty("ETag") String etag) {
    }

    /** The body of DeleteObjects. */
    public static final class Delete {
        @JsonProperty("Quiet")
        public boolean quiet;
        @JacksonXmlElementWrapper(useWrapping = false)
        @JsonProperty("Object")
        public List<ObjectIdentifier> objects;
    }

    public static final class ObjectIdentifier {
        @JsonProperty("Key")
        public String key;
        @JsonProperty("VersionId")
        public String versionId;
    }

    public record Deleted(@JsonProperty("Key") String key) {
    }

    public record DeleteError(@JsonProperty("Key") String key, @JsonProperty("Code") String code, @JsonProperty("Message") String message) {
    }

    @JacksonXmlRootElement(localName = "DeleteResult")
    public record DeleteResult(@JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("Deleted") List<Deleted> deleted,
                               @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("Error") List<DeleteError> errors) {
    }
}
