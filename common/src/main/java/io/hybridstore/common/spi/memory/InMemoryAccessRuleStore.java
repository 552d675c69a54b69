package io.hybridstore.common.spi.memory;

import io.hybridstore.common.access.AccessRule;
import io.hybridstore.common.catalogue.KeyOrder;
import io.hybridstore.common.spi.AccessRuleStore;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** The access rules in memory, listed in key order like the etcd adapter's range read. */
public final class InMemoryAccessRuleStore implements AccessRuleStore {

    private final TreeMap<String, AccessRule> rules = new TreeMap<>(KeyOrder.UTF8);

    @Override
    public synchronized List<AccessRule> rules() {
        return new ArrayList<>(rules.values());
    }

    @Override
    public synchronized void put(AccessRule rule) {
        rules.put(rule.prefix(), rule);
    }

    @Override
    public synchronized boolean remove(String prefix) {
        return rules.remove(prefix) != null;
    }
}
