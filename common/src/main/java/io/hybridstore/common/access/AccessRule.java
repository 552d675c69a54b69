package io.hybridstore.common.access;

import io.hybridstore.common.model.ObjectLabels.Access;
import java.util.Objects;

/**
 * Who may read the keys under {@code prefix} when an object says nothing itself. Kept in etcd
 * ({@code access/{prefix}}), set by an operator through {@code PUT /admin/access/rules}.
 *
 * @param prefix a key prefix ("" for every key)
 * @param access the level of the keys under it
 */
public record AccessRule(String prefix, Access access) {

    public AccessRule {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(access, "access");
    }
}
