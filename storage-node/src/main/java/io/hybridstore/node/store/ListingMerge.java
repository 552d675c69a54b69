package io.hybridstore.node.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One listing page over both stores: chunk files and small chunks in segments, each already in
 * (fan-out, id) order after the same cursor. An id in both (a crash between a write to one and the
 * removal from the other) is listed once, as the segment copy reads serve.
 */
final class ListingMerge {
    private ListingMerge() {
    }

    static List<ChunkInfo> merge(List<ChunkInfo> files, List<SegmentIndex.Entry> segments, int limit) {
        List<ChunkInfo> page = new ArrayList<>(Math.min(limit, files.size() + segments.size()));
        int f = 0;
        int s = 0;
        while (page.size() < limit && (f < files.size() || s < segments.size())) {
            int order;
            if (f == files.size()) {
                order = 1;
            } else if (s == segments.size()) {
                order = -1;
            } else {
                order = SegmentIndex.key(files.get(f).id()).compareTo(SegmentIndex.key(segments.get(s).id()));
            }
            if (order < 0) {
                page.add(files.get(f++));
            } else {
                if (order == 0) {
                    f++;
                }
                page.add(segments.get(s++).info(Optional.empty()));
            }
        }
        return page;
    }
}
