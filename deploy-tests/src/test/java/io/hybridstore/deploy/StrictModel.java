package io.hybridstore.deploy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * fabric8 model classes keep fields they do not know in {@code additionalProperties} instead of
 * failing, so a misspelt {@code readinesProbe} would parse silently. This walk finds every such field.
 */
final class StrictModel {
    private final List<String> unknown = new ArrayList<>();
    private int visited;

    static StrictModel walk(Object root, String where) {
        StrictModel walk = new StrictModel();
        walk.visit(root, where);
        return walk;
    }

    List<String> unknownFields() {
        return unknown;
    }

    int visitedObjects() {
        return visited;
    }

    private void visit(Object node, String path) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                visit(item, path + "[" + i++ + "]");
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> visit(v, path + "[" + k + "]"));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        visited++;
        for (Method m : node.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(node);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(path + "." + m.getName(), e);
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else if (value instanceof Collection<?> || value instanceof Map<?, ?>
                    || (value != null && value.getClass().getName().startsWith("io.fabric8."))) {
                visit(value, path + "." + property(m.getName()));
            }
        }
    }

    private static String property(String getter) {
        return Character.toLowerCase(getter.charAt(3)) + getter.substring(4);
    }
}
