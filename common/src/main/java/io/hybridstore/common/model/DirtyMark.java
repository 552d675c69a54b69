package io.hybridstore.common.model;

/**
 * Entry of the dirty index: "this object is below full redundancy since {@code sinceMillis}".
 * The healer reads these before its full scan, so fresh damage is repaired first.
 */
public record DirtyMark(String key, Version version, long sinceMillis, String reason) {
}
