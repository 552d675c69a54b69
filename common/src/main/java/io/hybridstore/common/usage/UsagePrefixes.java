package io.hybridstore.common.usage;

import java.util.ArrayList;
import java.util.List;

/**
 * Which prefixes have counters: the whole store ({@code ""}) and every '/'-ending ancestor of a key
 * up to {@value #DEPTH} levels ({@code photos/}, {@code photos/2026/}). A report for any other prefix
 * would need a scan, so it is refused rather than answered slowly. The depth is fixed for the cluster:
 * every writer of records must agree on it, and a change would leave the existing totals incomplete.
 */
public final class UsagePrefixes {

    public static final int DEPTH = 2;

    private UsagePrefixes() {
    }

    /** {@code ""} and the counted '/'-ending prefixes of {@code key}, shortest first. */
    public static List<String> of(String key) {
        List<String> prefixes = new ArrayList<>(DEPTH + 1);
        prefixes.add("");
        int from = 0;
        for (int level = 0; level < DEPTH; level++) {
            int slash = key.indexOf('/', from);
            if (slash < 0) {
                break;
            }
            prefixes.add(key.substring(0, slash + 1));
            from = slash + 1;
        }
        return prefixes;
    }

    /** Whether {@code prefix} has counters: {@code ""}, or a '/'-ending prefix with at most {@value #DEPTH} slashes. */
    public static boolean isCounted(String prefix) {
        return prefix.isEmpty() || prefix.endsWith("/") && of(prefix).contains(prefix);
    }
}
