package io.hybridstore.common.spi;

import io.hybridstore.common.access.AccessRule;
import java.util.List;

/** The per-prefix access rules ({@link io.hybridstore.common.access.AccessPolicy}), kept in etcd. */
public interface AccessRuleStore {

    /** Every rule, in prefix order. */
    List<AccessRule> rules();

    /** Adds the rule or replaces the one with the same prefix. */
    void put(AccessRule rule);

    /** False when no rule had that prefix. */
    boolean remove(String prefix);
}
