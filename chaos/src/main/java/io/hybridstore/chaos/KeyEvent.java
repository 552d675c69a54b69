package io.hybridstore.chaos;

/** What happened to one key, in the order its owning client did it: a write attempt or a read. */
public sealed interface KeyEvent permits Attempt, Observation {
}
