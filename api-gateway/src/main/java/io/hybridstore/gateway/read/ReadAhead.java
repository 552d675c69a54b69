package io.hybridstore.gateway.read;

/**
 * How many stripes a download fetches ahead of its client, counting the one being sent. A whole
 * download reads {@code whole} ahead. A ranged GET whose range that read-ahead would fetch entirely
 * at once reads {@code ranged} ahead: such ranges come from clients that split a download into many
 * and keep several in flight (aws-cli: ten 8 MiB ranges, two stripes each), so the client's other
 * ranges already keep the nodes busy, and a read-ahead on top only holds fetched stripes waiting for
 * their client. Ten such GETs with read-ahead 3 held both stripes of each, ~80 MiB of shards in a
 * 256 MiB heap, which the gateway spent full collections on (docs/benchmarks.md, issue 16). A longer
 * range is streamed like a whole download. Never more stripes than the range covers either way.
 *
 * @param whole  stripes ahead for a whole download or a range longer than {@code whole} stripes
 * @param ranged stripes ahead for a range of at most {@code whole} stripes
 */
public record ReadAhead(int whole, int ranged) {

    public ReadAhead {
        if (whole < 1 || ranged < 1) {
            throw new IllegalArgumentException("gateway.blob: read-ahead and ranged-read-ahead must be at least 1 (were "
                    + whole + ", " + ranged + ")");
        }
    }

    /** The same read-ahead for every download, ranged or not. */
    public static ReadAhead uniform(int stripes) {
        return new ReadAhead(stripes, stripes);
    }

    /** Stripes to fetch ahead for a download of {@code stripes} stripes, a range ({@code partial}) or the whole blob. */
    int stripesFor(boolean partial, int stripes) {
        int ahead = partial && stripes <= whole ? ranged : whole;
        return Math.min(ahead, stripes);
    }
}
