package io.hybridstore.gateway.s3;

import io.hybridstore.common.catalogue.ScanStart;
import io.hybridstore.common.model.MultipartUpload;
import io.hybridstore.common.spi.MultipartStore;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of ListMultipartUploads: uploads in (key, upload id) order read from the store's ordered
 * index ({@link MultipartStore#listByKey}), from the markers on. With a delimiter, the keys sharing
 * a common prefix are one entry, and the next read starts past that prefix instead of walking it.
 * A page holds at most {@code max} uploads and prefixes together; the next markers are the last of them.
 */
final class UploadListing {

    /** The page: {@code nextKeyMarker} and {@code nextUploadIdMarker} are set only when truncated. */
    record Page(List<MultipartUpload> uploads, List<String> commonPrefixes, boolean truncated, String nextKeyMarker,
                String nextUploadIdMarker) {
    }

    private UploadListing() {
    }

    /**
     * @param keyMarker      uploads of keys after it (S3's {@code key-marker}); null from the first
     * @param uploadIdMarker with {@code keyMarker}: the uploads of that very key after this id come first
     */
    static Page page(MultipartStore store, String bucket, String prefix, String delimiter, String keyMarker, String uploadIdMarker,
                     int max) {
        ScanStart start = start(keyMarker, uploadIdMarker, prefix, delimiter);
        List<MultipartUpload> uploads = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String lastKey = null;
        String lastId = null;
        while (true) {
            int wanted = Math.min(max - uploads.size() - prefixes.size() + 1, 1001);
            List<MultipartUpload> read = store.listByKey(bucket, prefix, start, wanted);
            boolean restarted = false;
            for (MultipartUpload u : read) {
                if (uploads.size() + prefixes.size() == max) {
                    return new Page(uploads, prefixes, true, lastKey, lastId);
                }
                String common = commonPrefix(u.key(), prefix, delimiter);
                if (common != null) {
                    prefixes.add(common);
                    lastKey = common;
                    lastId = null;
                    start = ScanStart.pastPrefix(common); // skips the rest of the prefix in this one step
                    restarted = true;
                    break;
                }
                uploads.add(u);
                lastKey = u.key();
                lastId = u.uploadId();
                start = ScanStart.after(MultipartStore.position(u.key(), u.uploadId()));
            }
            if (!restarted && read.size() < wanted) {
                return new Page(uploads, prefixes, false, null, null);
            }
        }
    }

    private static ScanStart start(String keyMarker, String uploadIdMarker, String prefix, String delimiter) {
        if (keyMarker == null || keyMarker.isEmpty()) {
            return ScanStart.at("");
        }
        if (keyMarker.length() > prefix.length() && keyMarker.equals(commonPrefix(keyMarker, prefix, delimiter))) {
            return ScanStart.pastPrefix(keyMarker); // a common prefix the previous page ended with: none of its keys again
        }
        if (uploadIdMarker == null || uploadIdMarker.isEmpty()) {
            return ScanStart.pastPrefix(keyMarker + '\0'); // after every upload of the marker's key
        }
        return ScanStart.after(MultipartStore.position(keyMarker, uploadIdMarker));
    }

    private static String commonPrefix(String key, String prefix, String delimiter) {
        if (delimiter == null || delimiter.isEmpty()) {
            return null;
        }
        int at = key.indexOf(delimiter, prefix.length());
        return at < 0 ? null : key.substring(0, at + delimiter.length());
    }
}
