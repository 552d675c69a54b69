package io.hybridstore.gateway.write;

import io.hybridstore.common.split.SplitPolicy;

/** The placement geometry and split policy the write path applies (from {@link io.hybridstore.gateway.GatewayConfig}). */
public record WriteSettings(int replicas, int dataShards, int parityShards, SplitPolicy policy) {
    public WriteSettings {
        if (replicas < 1 || dataShards < 1 || parityShards < 0) {
            throw new IllegalArgumentException("need replicas >= 1, k >= 1, m >= 0: " + replicas + ", " + dataShards + ", " + parityShards);
        }
    }
}
