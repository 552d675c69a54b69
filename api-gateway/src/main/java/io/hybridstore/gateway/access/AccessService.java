package io.hybridstore.gateway.access;

import io.hybridstore.common.access.AccessPolicy;
import io.hybridstore.common.access.AccessRule;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ObjectLabels;
import io.hybridstore.common.spi.AccessRuleStore;
import io.hybridstore.common.spi.MetadataStore;
import java.util.List;

/** The access level of keys: the prefix rules kept in etcd and the decision for one object ({@link AccessPolicy}). */
public final class AccessService {

    private final AccessRuleStore rules;
    private final MetadataStore metadata;

    public AccessService(AccessRuleStore rules, MetadataStore metadata) {
        this.rules = rules;
        this.metadata = metadata;
    }

    /** The decision for an object whose labels the caller has read already. */
    public AccessPolicy.Decision decide(String key, ObjectLabels labels) {
        return AccessPolicy.decide(key, labels, rules.rules());
    }

    /** The decision for a stored object; NOT_FOUND when there is none. */
    public AccessPolicy.Decision decide(String key) {
        ObjectLabels labels = metadata.get(key).map(MetadataStore.Stored::metadata).filter(m -> !m.deleted())
                .orElseThrow(() -> StoreException.notFound("no object " + key)).labels();
        return decide(key, labels);
    }

    public List<AccessRule> rules() {
        return rules.rules();
    }

    public void put(AccessRule rule) {
        rules.put(rule);
    }

    public boolean remove(String prefix) {
        return rules.remove(prefix);
    }
}
