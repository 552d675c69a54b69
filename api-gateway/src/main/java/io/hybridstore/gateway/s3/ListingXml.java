package io.hybridstore.gateway.s3;

import com.fasterxml.jackson.dataformat.xml.ser.ToXmlGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * The listing documents (ListBucketResult for ListObjects v1 and v2, ListVersionsResult) written
 * element by element through one Jackson XML generator, the bytes {@link S3Xml#write} makes of the
 * same record (S3XmlListingTest holds them equal). Why: a page holds up to 1,000 entries, and data
 * binding looks up and calls a property writer per field of each (docs/benchmarks.md, session 16).
 */
final class ListingXml {

    /** Bytes per entry, about: the buffer is sized once for the page. */
    private static final int ENTRY_BYTES = 220;

    private ListingXml() {
    }

    static byte[] write(S3Xml.ListBucketResult r) {
        return render("ListBucketResult", orNone(r.contents()).size(), g -> {
            text(g, "Name", r.name());
            text(g, "Prefix", r.prefix());
            text(g, "Marker", r.marker());
            text(g, "NextMarker", r.nextMarker());
            text(g, "StartAfter", r.startAfter());
            text(g, "ContinuationToken", r.continuationToken());
            text(g, "NextContinuationToken", r.nextContinuationToken());
            if (r.keyCount() != null) {
                g.writeNumberField("KeyCount", r.keyCount());
            }
            g.writeNumberField("MaxKeys", r.maxKeys());
            text(g, "Delimiter", r.delimiter());
            text(g, "EncodingType", r.encodingType());
            g.writeBooleanField("IsTruncated", r.truncated());
            for (S3Xml.ObjectEntry e : orNone(r.contents())) {
                g.writeFieldName("Contents");
                g.writeStartObject();
                text(g, "Key", e.key());
                text(g, "LastModified", e.lastModified());
                text(g, "ETag", e.etag());
                g.writeNumberField("Size", e.size());
                text(g, "StorageClass", e.storageClass());
                owner(g, e.owner());
                g.writeEndObject();
            }
            prefixes(g, r.commonPrefixes());
        });
    }

    static byte[] write(S3Xml.ListVersionsResult r) {
        return render("ListVersionsResult", orNone(r.versions()).size(), g -> {
            text(g, "Name", r.name());
            text(g, "Prefix", r.prefix());
            text(g, "KeyMarker", r.keyMarker());
            text(g, "VersionIdMarker", r.versionIdMarker());
            text(g, "NextKeyMarker", r.nextKeyMarker());
            text(g, "NextVersionIdMarker", r.nextVersionIdMarker());
            g.writeNumberField("MaxKeys", r.maxKeys());
            text(g, "Delimiter", r.delimiter());
            text(g, "EncodingType", r.encodingType());
            g.writeBooleanField("IsTruncated", r.truncated());
            for (S3Xml.VersionEntry v : orNone(r.versions())) {
                g.writeFieldName("Version");
                g.writeStartObject();
                text(g, "Key", v.key());
                text(g, "VersionId", v.versionId());
                g.writeBooleanField("IsLatest", v.latest());
                text(g, "LastModified", v.lastModified());
                text(g, "ETag", v.etag());
                g.writeNumberField("Size", v.size());
                text(g, "StorageClass", v.storageClass());
                owner(g, v.owner());
                g.writeEndObject();
            }
            prefixes(g, r.commonPrefixes());
        });
    }

    /** The root element's children. */
    @FunctionalInterface
    private interface Children {
        void write(ToXmlGenerator g) throws IOException;
    }

    /** One document: the declaration, {@code root} and its children, into a buffer sized for {@code entries}. */
    private static byte[] render(String root, int entries, Children children) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 + ENTRY_BYTES * entries);
        try (ToXmlGenerator g = S3Xml.generator(out, root)) {
            g.writeStartObject();
            children.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot render " + root, e);
        }
        return out.toByteArray();
    }

    /** An element, left out when null (as the mapper's NON_NULL inclusion does). */
    private static void text(ToXmlGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void owner(ToXmlGenerator g, S3Xml.Owner owner) throws IOException {
        if (owner != null) {
            g.writeFieldName("Owner");
            g.writeStartObject();
            text(g, "ID", owner.id());
            text(g, "DisplayName", owner.displayName());
            g.writeEndObject();
        }
    }

    private static void prefixes(ToXmlGenerator g, List<S3Xml.CommonPrefix> prefixes) throws IOException {
        for (S3Xml.CommonPrefix p : orNone(prefixes)) {
            g.writeFieldName("CommonPrefixes");
            g.writeStartObject();
            text(g, "Prefix", p.prefix());
            g.writeEndObject();
        }
    }

    /** A null list as the mapper writes it: no elements. */
    private static <T> List<T> orNone(List<T> items) {
        return items == null ? List.of() : items;
    }
}
