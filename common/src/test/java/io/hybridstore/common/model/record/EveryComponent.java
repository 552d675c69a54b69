package io.hybridstore.common.model.record;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Builds a record with every component set to a value that is not its default (non-null, non-zero,
 * non-empty, not the first enum constant), recursing into nested records, lists, sets and maps, by reflection:
 * a component added to the model later is set too, without a change here. Counts what it set.
 */
final class EveryComponent {

    /** Lists are this long; a coded part's k + m is made to match (its CRC list must have k + m entries). */
    static final int LIST_SIZE = 3;
    private static final Map<String, Object> FIXED = Map.of("ColdPart.k", 2, "ColdPart.m", 1);

    private int counter = 1;
    private int components;

    int componentsSet() {
        return components;
    }

    <T> T build(Class<T> type) {
        return type.cast(value(type, type));
    }

    private Object record(Class<?> type) {
        RecordComponent[] parts = type.getRecordComponents();
        Class<?>[] types = new Class<?>[parts.length];
        Object[] args = new Object[parts.length];
        for (int i = 0; i < parts.length; i++) {
            types[i] = parts[i].getType();
            Object fixed = FIXED.get(type.getSimpleName() + "." + parts[i].getName());
            args[i] = fixed != null ? fixed : value(parts[i].getType(), parts[i].getGenericType());
            components++;
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName() + " from " + List.of(args), e);
        }
    }

    private Object value(Class<?> type, Type generic) {
        int n = counter++;
        if (type == String.class) {
            return "v" + n;
        }
        if (type == int.class || type == Integer.class) {
            return 100 + n;
        }
        if (type == long.class || type == Long.class) {
            return 1_700_000_000_000L + n * 1_000L;
        }
        if (type == boolean.class || type == Boolean.class) {
            return true;
        }
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            return constants[constants.length - 1];
        }
        if (type.isRecord()) {
            return record(type);
        }
        if (List.class.isAssignableFrom(type) || java.util.Set.class.isAssignableFrom(type)) {
            Type element = ((ParameterizedType) generic).getActualTypeArguments()[0];
            Class<?> elementClass = (Class<?>) (element instanceof ParameterizedType p ? p.getRawType() : element);
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < LIST_SIZE; i++) {
                values.add(value(elementClass, element));
            }
            return List.class.isAssignableFrom(type) ? values : new TreeSet<>(values);
        }
        if (Map.class.isAssignableFrom(type)) {
            Type[] kv = ((ParameterizedType) generic).getActualTypeArguments();
            Map<Object, Object> values = new java.util.TreeMap<>();
            for (int i = 0; i < LIST_SIZE; i++) {
                values.put(value((Class<?>) kv[0], kv[0]), value((Class<?>) kv[1], kv[1]));
            }
            return values;
        }
        throw new IllegalStateException("EveryComponent cannot make a " + generic + ": teach it");
    }
}
