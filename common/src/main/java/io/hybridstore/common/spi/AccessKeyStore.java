package io.hybridstore.common.spi;

import io.hybridstore.common.auth.AccessKey;
import java.util.List;
import java.util.Optional;

/** The one key store of the product (S3 SigV4 and Bearer on the JSON API): kept in etcd, secrets never logged. */
public interface AccessKeyStore {

    Optional<AccessKey> find(String accessKeyId);

    /** A new key for {@code owner} with a fresh random id and secret. */
    AccessKey create(String owner);

    /** Every key, secrets included (callers that show them must blank the secret). */
    List<AccessKey> list();

    /** Removes the key; false when there was none. */
    boolean revoke(String accessKeyId);
}
