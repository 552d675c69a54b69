package io.hybridstore.cli;

/**
 * A progress bar as text: {@code [#########...........]  45%}. Pure; the callers decide where it
 * goes and whether escape codes may redraw it (only on a terminal).
 */
final class Bar {
    private Bar() {
    }

    /** {@code done} of {@code total} in {@code width} cells (at least 1); an unknown total (≤ 0) draws no fill. */
    static String render(long done, long total, int width) {
        int cells = Math.max(1, width);
        if (total <= 0) {
            return "[" + ".".repeat(cells) + "]   ?%";
        }
        long clamped = Math.max(0, Math.min(done, total));
        int filled = (int) (clamped * cells / total);
        int percent = (int) (clamped * 100 / total);
        return "[" + "#".repeat(filled) + ".".repeat(cells - filled) + "] " + String.format("%3d%%", percent);
    }
}
