package io.hybridstore.common.spi;

import io.hybridstore.common.links.SigningKey;
import java.util.List;

/** The signing keys and the revoked ids of the signed links, kept in etcd. */
public interface LinkStore {

    /** Every key, secrets included; the newest signs ({@link SigningKey#newest}). */
    List<SigningKey> signingKeys();

    /** Stores a new key; false when its id is taken. */
    boolean addSigningKey(SigningKey key);

    /** Removes a key: every link it signed stops working. False when there was none. */
    boolean removeSigningKey(String kid);

    /**
     * Refuses link {@code linkId} from now on. The entry is kept only until {@code expiresAtMillis}
     * (the link's own expiry, after which it is refused anyway), so the list cleans itself.
     */
    void revoke(String linkId, long expiresAtMillis);

    boolean isRevoked(String linkId);
}
