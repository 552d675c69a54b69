package io.hybridstore.common.usage;

/**
 * A record starting ({@code change} +1) or ceasing (-1) to reference a piece of content whose chunks
 * equal content shares (a hot part, a document's cold part). The folder counts references per
 * content; every reference past the first is {@code bytes} saved by dedup.
 *
 * @param content names the content: the chunk id base its copies share
 * @param bytes   what its copies take on the nodes (copies x bytes each)
 * @param change  +1 or -1
 */
public record ContentRef(String content, long bytes, int change) {

    public ContentRef {
        if (change != 1 && change != -1) {
            throw new IllegalArgumentException("a reference change is +1 or -1, not " + change);
        }
    }
}
