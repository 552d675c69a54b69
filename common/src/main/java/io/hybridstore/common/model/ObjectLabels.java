package io.hybridstore.common.model;

import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a user says about an object, apart from its bytes: tags, an alias, a content type that
 * overrides the stored one, and who may read it. Changed by a metadata-only update (no data
 * rewritten); the catalogue's filters and the access checks read it.
 *
 * @param tags        the object's tags, in sorted order (an index key per tag)
 * @param alias       a second name the object answers to, or null
 * @param contentType overrides the content type the object was written with, or null
 * @param access      who may read it, or null to inherit the rule of its prefix (default private)
 */
public record ObjectLabels(SortedSet<String> tags, String alias, String contentType, Access access) {

    public static final ObjectLabels NONE = new ObjectLabels(null, null, null, null);

    public ObjectLabels {
        tags = tags == null ? new TreeSet<>() : new TreeSet<>(tags);
        tags = java.util.Collections.unmodifiableSortedSet(tags);
    }

    public static ObjectLabels orNone(ObjectLabels labels) {
        return labels == null ? NONE : labels;
    }

    public ObjectLabels withTags(Set<String> newTags) {
        return new ObjectLabels(new TreeSet<>(Objects.requireNonNull(newTags)), alias, contentType, access);
    }

    public boolean isEmpty() {
        return tags.isEmpty() && alias == null && contentType == null && access == null;
    }

    /** Who may read an object without credentials. */
    public enum Access {
        PRIVATE,
        PUBLIC
    }
}
