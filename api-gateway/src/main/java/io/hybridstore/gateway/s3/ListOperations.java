package io.hybridstore.gateway.s3;

import io.hybridstore.common.catalogue.Catalogue;
import io.hybridstore.common.catalogue.ListPage;
import io.hybridstore.common.catalogue.ListQuery;
import io.hybridstore.common.model.Bucket;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.spi.MetadataStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * ListObjects (v1), ListObjectsV2 and ListObjectVersions, each one page of the {@link Catalogue}
 * under the bucket's prefix: a range read from the page's start, common prefixes skipped in one
 * step. Keys holding JSON documents are not S3 objects and are left out, so a page may hold fewer
 * than max-keys entries while more follow (S3 allows it; clients follow the marker or token).
 */
final class ListOperations {

    private static final S3Xml.Owner NO_OWNER = null;

    private final Catalogue catalogue;
    private final S3Access access;

    ListOperations(Catalogue catalogue, S3Access access) {
        this.catalogue = catalogue;
        this.access = access;
    }

    /** One page in the bucket's own key space (the bucket prefix stripped). */
    private record Page(List<MetadataStore.Stored> objects, List<String> prefixes, String next, boolean truncated) {
    }

    S3Response listV2(S3Request request) {
        Bucket bucket = access.forRead(request.caller(), request.bucket());
        String token = request.param("continuation-token");
        String startAfter = request.param("start-after");
        String after = token != null ? decodeToken(token) : startAfter;
        int maxKeys = maxKeys(request, "max-keys");
        Page page = page(bucket, request.param("prefix"), after, request.param("delimiter"), maxKeys);
        UnaryOperator<String> enc = encoder(request);
        boolean fetchOwner = "true".equals(request.param("fetch-owner"));
        S3Xml.Owner owner = fetchOwner ? new S3Xml.Owner(bucket.owner(), bucket.owner()) : NO_OWNER;
        List<S3Xml.ObjectEntry> contents = entries(bucket, page, enc, owner);
        return S3Response.xmlBytes(200, ListingXml.write(new S3Xml.ListBucketResult(bucket.name(), enc.apply(orEmpty(request.param("prefix"))), null, null,
                enc.apply(startAfter), token, page.truncated() ? encodeToken(page.next()) : null,
                contents.size() + page.prefixes().size(), maxKeys, enc.apply(request.param("delimiter")), request.param("encoding-type"),
                page.truncated(), contents, prefixes(page, enc))));
    }

    S3Response listV1(S3Request request) {
        Bucket bucket = access.forRead(request.caller(), request.bucket());
        String marker = request.param("marker");
        int maxKeys = maxKeys(request, "max-keys");
        Page page = page(bucket, request.param("prefix"), marker, request.param("delimiter"), maxKeys);
        UnaryOperator<String> enc = encoder(request);
        List<S3Xml.ObjectEntry> contents = entries(bucket, page, enc, new S3Xml.Owner(bucket.owner(), bucket.owner()));
        // NextMarker on every truncated page (S3 sends it only with a delimiter): a page of documents
        // only has no last key a client could continue from.
        return S3Response.xmlBytes(200, ListingXml.write(new S3Xml.ListBucketResult(bucket.name(), enc.apply(orEmpty(request.param("prefix"))),
                enc.apply(orEmpty(marker)), page.truncated() ? enc.apply(page.next()) : null, null, null, null, null, maxKeys,
                enc.apply(request.param("delimiter")), request.param("encoding-type"), page.truncated(), contents, prefixes(page, enc))));
    }

    /** Every key is its own single version, {@code null}: hybridstore keeps no older versions. */
    S3Response listVersions(S3Request request) {
        Bucket bucket = access.forRead(request.caller(), request.bucket());
        String keyMarker = request.param("key-marker");
        int maxKeys = maxKeys(request, "max-keys");
        Page page = page(bucket, request.param("prefix"), keyMarker, request.param("delimiter"), maxKeys);
        UnaryOperator<String> enc = encoder(request);
        S3Xml.Owner owner = new S3Xml.Owner(bucket.owner(), bucket.owner());
        List<S3Xml.VersionEntry> versions = new ArrayList<>();
        for (MetadataStore.Stored stored : page.objects()) {
            ObjectMetadata m = stored.metadata();
            versions.add(new S3Xml.VersionEntry(enc.apply(keyOf(bucket, m)), "null", true, S3Dates.iso(m.updatedAt()),
                    ObjectHeaders.etag(m.blob()), m.blob().size(), "STANDARD", owner));
        }
        return S3Response.xmlBytes(200, ListingXml.write(new S3Xml.ListVersionsResult(bucket.name(), enc.apply(orEmpty(request.param("prefix"))),
                enc.apply(orEmpty(keyMarker)), request.param("version-id-marker"), page.truncated() ? enc.apply(page.next()) : null,
                page.truncated() ? "null" : null, maxKeys, enc.apply(request.param("delimiter")), request.param("encoding-type"),
                page.truncated(), versions, prefixes(page, enc))));
    }

    private Page page(Bucket bucket, String prefix, String after, String delimiter, int maxKeys) {
        if (maxKeys == 0) {
            return new Page(List.of(), List.of(), null, false);
        }
        String base = bucket.keyPrefix();
        String fullAfter = after == null || after.isEmpty() ? null : base + after;
        ListPage page = catalogue.list(new ListQuery(base + orEmpty(prefix), fullAfter, delimiter, maxKeys));
        List<MetadataStore.Stored> blobs = page.objects().stream().filter(s -> s.metadata().holdsBlob()).toList();
        List<String> prefixes = page.commonPrefixes().stream().map(p -> p.substring(base.length())).toList();
        String next = page.truncated() ? page.nextStartAfter().substring(base.length()) : null;
        return new Page(blobs, prefixes, next, page.truncated());
    }

    private static List<S3Xml.ObjectEntry> entries(Bucket bucket, Page page, UnaryOperator<String> enc, S3Xml.Owner owner) {
        List<S3Xml.ObjectEntry> entries = new ArrayList<>(page.objects().size());
        for (MetadataStore.Stored stored : page.objects()) {
            ObjectMetadata m = stored.metadata();
            entries.add(new S3Xml.ObjectEntry(enc.apply(keyOf(bucket, m)), S3Dates.iso(m.updatedAt()), ObjectHeaders.etag(m.blob()),
                    m.blob().size(), "STANDARD", owner));
        }
        return entries;
    }

    private static List<S3Xml.CommonPrefix> prefixes(Page page, UnaryOperator<String> enc) {
        return page.prefixes().stream().map(p -> new S3Xml.CommonPrefix(enc.apply(p))).toList();
    }

    private static String keyOf(Bucket bucket, ObjectMetadata m) {
        return m.key().substring(bucket.keyPrefix().length());
    }

    private static int maxKeys(S3Request request, String parameter) {
        String value = request.param(parameter);
        if (value == null) {
            return ListQuery.MAX_LIMIT;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return Math.min(n, ListQuery.MAX_LIMIT);
        } catch (NumberFormatException e) {
            throw S3Exception.invalidArgument(parameter + " must be an integer between 0 and 2147483647");
        }
    }

    /** encoding-type=url: keys and prefixes percent-encoded (space as %20), so any byte survives XML. */
    private static UnaryOperator<String> encoder(S3Request request) {
        String type = request.param("encoding-type");
        if (type == null) {
            return s -> s;
        }
        if (!type.equals("url")) {
            throw S3Exception.invalidArgument("Invalid Encoding Method specified in Request");
        }
        return s -> s == null ? null : URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The continuation token is the last key or prefix a page covered, base64url: opaque to clients, stateless here. */
    static String encodeToken(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeToken(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw S3Exception.invalidArgument("The continuation token provided is incorrect");
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
