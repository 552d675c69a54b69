package io.hybridstore.chaos;

import io.hybridstore.common.model.Version;

/**
 * A read of one key: {@code GET /read} during the load, or the final read after convergence.
 *
 * @param status  200 or 404 (reads that got 5xx or no answer say nothing and are not recorded)
 * @param version the ETag of a 200, else null
 * @param digest  SHA-256 of the document served (see {@link Documents#digest}) of a 200, else null
 */
public record Observation(int status, Version version, String digest) implements KeyEvent {

    public static Observation found(Version version, String digest) {
        return new Observation(200, version, digest);
    }

    public static Observation notFound() {
        return new Observation(404, null, null);
    }

    public boolean found() {
        return status == 200;
    }
}
