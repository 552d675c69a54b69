package io.hybridstore.cluster;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How the command line names the values of a choice enum ({@link NodeJit}, {@link AppHeap}): the
 * constant's name in lower case with '-' for '_' ({@code TIERED_EARLY} is "tiered-early"), matched in
 * either case. One place, so every option lists its values the same way in its error.
 */
final class OptionChoice {

    private OptionChoice() {
    }

    /** "tiered-early" for {@code TIERED_EARLY}. */
    static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant of {@code type} the command line names {@code value}, or an error listing every name. */
    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        E[] values = type.getEnumConstants();
        for (E candidate : values) {
            if (name(candidate).equalsIgnoreCase(value)) {
                return candidate;
            }
        }
        List<String> names = Arrays.stream(values).map(OptionChoice::name).toList();
        String expected = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        throw new IllegalArgumentException("expected " + expected + ", got " + value);
    }
}
