package io.hybridstore.common.console;

/** The three kinds of stored part the console counts apart. */
public enum PartKind {
    /** Whole copies: a document's hot fields, or a small blob. */
    HOT,
    /** Reed-Solomon shards of a document's cold fields. */
    COLD,
    /** Reed-Solomon shards of one stripe of a large blob. */
    STRIPE
}
