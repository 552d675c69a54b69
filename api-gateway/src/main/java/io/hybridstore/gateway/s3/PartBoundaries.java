package io.hybridstore.gateway.s3;

import io.hybridstore.common.model.BlobInfo;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.write.ChunkIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The byte length of each part of an object assembled from an S3 multipart upload, for GetObject
 * {@code ?partNumber}: the recorded {@link BlobInfo#partSizes}, or for a record written before they
 * were kept, derived from its stripes. Each part was stored as an upload of its own, whose stripes
 * are numbered from 0 in their chunk ids ({@link ChunkIds#stripeNumber}), so a stripe numbered 0
 * starts a part. The derivation holds only when it finds exactly as many parts as the record says:
 * an empty part has no stripe to find.
 */
final class PartBoundaries {

    private PartBoundaries() {
    }

    /** The parts' sizes in order; empty for an object of one PUT or one whose parts cannot be told apart. */
    static Optional<List<Long>> sizes(BlobInfo blob, List<ColdPart> stripes) {
        if (blob.parts() == null) {
            return Optional.empty();
        }
        if (blob.partSizes().size() == blob.parts()) {
            return Optional.of(blob.partSizes());
        }
        List<Long> sizes = new ArrayList<>();
        int previous = -1;
        for (ColdPart stripe : stripes) {
            int number = stripe.shards().stream().map(ChunkLocation::chunkId).mapToInt(ChunkIds::stripeNumber).filter(n -> n >= 0)
                    .findFirst().orElse(-1);
            if (number != 0 && number != previous + 1) {
                return Optional.empty(); // not a stripe id, or not the next stripe of the part before
            }
            if (number == 0) {
                sizes.add(0L);
            }
            sizes.set(sizes.size() - 1, sizes.getLast() + stripe.size());
            previous = number;
        }
        return sizes.size() == blob.parts() ? Optional.of(List.copyOf(sizes)) : Optional.empty();
    }
}
