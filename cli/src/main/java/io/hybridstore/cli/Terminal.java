package io.hybridstore.cli;

/**
 * Whether stdout and stderr are terminals. bin/hybridstore tells (it tests {@code -t 1} and
 * {@code -t 2}) through system properties; without them, nothing is taken for a terminal, so no
 * escape code ever reaches a pipe or a file. {@code TERM=dumb} turns redrawing off too.
 */
final class Terminal {
    private Terminal() {
    }

    static boolean stdout() {
        return Boolean.getBoolean("hybridstore.stdoutTty") && !"dumb".equals(System.getenv("TERM"));
    }

    static boolean stderr() {
        return Boolean.getBoolean("hybridstore.stderrTty") && !"dumb".equals(System.getenv("TERM"));
    }
}
