package io.hybridstore.common.catalogue;

import java.util.Objects;

/**
 * Where a key-ordered scan begins: at a key, strictly after it, or past every key that starts
 * with it (how a delimiter listing skips a whole common prefix in one step, without walking it).
 */
public record ScanStart(String key, Kind kind) {

    public enum Kind {
        AT,
        AFTER,
        PAST_PREFIX
    }

    public ScanStart {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
    }

    public static ScanStart at(String key) {
        return new ScanStart(key, Kind.AT);
    }

    public static ScanStart after(String key) {
        return new ScanStart(key, Kind.AFTER);
    }

    public static ScanStart pastPrefix(String prefix) {
        return new ScanStart(prefix, Kind.PAST_PREFIX);
    }

    /** Whether {@code candidate} lies at or beyond this start in {@link KeyOrder}. */
    public boolean admits(String candidate) {
        return switch (kind) {
            case AT -> KeyOrder.compare(candidate, key) >= 0;
            case AFTER -> KeyOrder.compare(candidate, key) > 0;
            case PAST_PREFIX -> !candidate.startsWith(key) && KeyOrder.compare(candidate, key) > 0;
        };
    }
}
