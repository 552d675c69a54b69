package io.hybridstore.io.etcd;

import static io.hybridstore.io.etcd.EtcdConnection.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.options.GetOption;
import io.hybridstore.common.access.AccessRule;
import io.hybridstore.common.model.ClusterKeys;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.spi.AccessRuleStore;
import java.util.List;

/** {@link AccessRuleStore} on etcd: one {@link AccessRule} JSON per prefix under {@link ClusterKeys#accessRule}. */
public final class EtcdAccessRuleStore implements AccessRuleStore {

    private final EtcdConnection etcd;
    private final ClusterKeys keys;
    private final KV kv;

    public EtcdAccessRuleStore(EtcdConnection etcd) {
        this.etcd = etcd;
        this.keys = etcd.keys();
        this.kv = etcd.client().getKVClient();
    }

    @Override
    public List<AccessRule> rules() {
        return etcd.await(kv.get(bytes(keys.accessRulesPrefix()), GetOption.builder().isPrefix(true).build()), "list access rules")
                .getKvs().stream().map(kv -> ModelJson.fromBytes(kv.getValue().getBytes(), AccessRule.class)).toList();
    }

    @Override
    public void put(AccessRule rule) {
        etcd.await(kv.put(bytes(keys.accessRule(rule.prefix())), ByteSequence.from(ModelJson.toBytes(rule))),
                "put access rule " + rule.prefix());
    }

    @Override
    public boolean remove(String prefix) {
        return etcd.await(kv.delete(bytes(keys.accessRule(prefix))), "remove access rule " + prefix).getDeleted() > 0;
    }
}
