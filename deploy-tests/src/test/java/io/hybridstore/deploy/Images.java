package io.hybridstore.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Image references: a third-party image is pinned to a version, never floating. */
final class Images {
    private Images() {
    }

    static void assertPinned(String image, String where) {
        if (image.contains("@sha256:")) {
            return;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        assertTrue(colon > slash, where + ": " + image + " has no tag (that is :latest)");
        String tag = image.substring(colon + 1);
        assertFalse(tag.equals("latest") || tag.equals("stable") || tag.equals("edge"), where + ": " + image + " floats");
        assertTrue(tag.matches("v?\\d+(\\.\\d+)+.*"), where + ": " + image + " is not pinned to a version (x.y[.z])");
    }
}
