package io.hybridstore.common.erasure;

import java.util.Optional;

/**
 * Which {@link CodingLoop}s this JVM can run, and the one {@link ReedSolomon#create(int, int)} uses.
 *
 * <p>The vector loop needs the incubating module {@code jdk.incubator.vector} in the boot layer
 * ({@code --add-modules=jdk.incubator.vector}). Without it the codec falls back to the reference
 * loop: {@link VectorCodingLoop} is only touched after the module check, so no
 * {@code NoClassDefFoundError} can surface.
 */
public final class CodingLoops {

    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    private static final Optional<CodingLoop> VECTOR = loadVectorLoop();

    private CodingLoops() {
    }

    /** The plain byte-table loop; always available. */
    public static CodingLoop reference() {
        return ReferenceCodingLoop.INSTANCE;
    }

    /** The SIMD loop, if the Vector API module is present and the CPU has wide enough vectors. */
    public static Optional<CodingLoop> vector() {
        return VECTOR;
    }

    /** The fastest loop available: the vector loop if possible, else the reference loop. */
    public static CodingLoop best() {
        return VECTOR.orElse(ReferenceCodingLoop.INSTANCE);
    }

    private static Optional<CodingLoop> loadVectorLoop() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return Optional.empty();
        }
        try {
            return VectorLoopHolder.load();
        } catch (LinkageError e) {
            // A JVM that lists the module but cannot link it: the reference loop still works.
            return Optional.empty();
        }
    }

    /** A separate class, so that resolving the vector loop happens only when this class is used. */
    private static final class VectorLoopHolder {
        static Optional<CodingLoop> load() {
            return VectorCodingLoop.isUsable() ? Optional.of(VectorCodingLoop.INSTANCE) : Optional.empty();
        }
    }
}
