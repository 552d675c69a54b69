package io.hybridstore.common.spi;

import java.util.List;
import java.util.Objects;

/**
 * The blob uploads under way, so an operator can see those abandoned (a gateway that died, a
 * client that stalled) and abort them. An upload registers after its intent record and ends its
 * entry when it commits or fails; an entry found after that is an upload that never finished.
 * Entries clean themselves some time after the longest an upload may run (the etcd adapter puts
 * them on a lease), so a crashed gateway leaves nothing behind for long.
 */
public interface UploadRegistry {

    /** One upload: its WAL intent's version, the gateway streaming it, when it started. */
    record Upload(String uploadId, String key, String version, String gateway, long startedAt) {

        public Upload {
            Objects.requireNonNull(uploadId, "uploadId");
            Objects.requireNonNull(key, "key");
        }
    }

    void begin(Upload upload);

    /** False once the upload was aborted (or its entry expired): it must not commit. */
    boolean active(String uploadId);

    /** Ends the entry (the upload committed, failed or is aborted); false when there was none. */
    boolean end(String uploadId);

    /** Up to {@code limit} uploads, in upload-id order. */
    List<Upload> list(int limit);
}
