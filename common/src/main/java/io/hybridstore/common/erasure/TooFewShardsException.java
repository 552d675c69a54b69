package io.hybridstore.common.erasure;

/**
 * Thrown when more shards are missing than the code can rebuild: a (k, m) code needs at least k of
 * its k+m shards. Extends {@link IllegalArgumentException} because the caller passed a shard set the
 * codec cannot work with; catch this type to tell "data is lost" apart from a programming error.
 */
public final class TooFewShardsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int present;
    private final int required;

    public TooFewShardsException(int present, int required, int total) {
        super("too few shards to reconstruct: " + present + " of " + total + " present, at least "
                + required + " needed (" + (total - present) + " missing, at most " + (total - required)
                + " can be rebuilt)");
        this.present = present;
        this.required = required;
    }

    public int present() {
        return present;
    }

    public int required() {
        return required;
    }
}
