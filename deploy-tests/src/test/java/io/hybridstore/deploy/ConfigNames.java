package io.hybridstore.deploy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The configuration properties an app really reads, derived from its {@code @ConfigMapping}
 * interfaces by reflection: the same walk SmallRye Config does (groups nest, {@code @WithName}
 * renames, method names are kebab-cased), and the same environment-name rule
 * ({@code node.data-dir} is {@code NODE_DATA_DIR}: upper case, every non-alphanumeric an underscore).
 */
final class ConfigNames {

    /** One leaf property; {@code required} = no default and not optional, so start-up fails without it. */
    record Property(String name, boolean required, Optional<String> defaultValue) {
        String envName() {
            return toEnv(name);
        }
    }

    private ConfigNames() {
    }

    static String toEnv(String property) {
        StringBuilder env = new StringBuilder(property.length());
        for (char c : property.toCharArray()) {
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            env.append(alphanumeric ? Character.toUpperCase(c) : '_');
        }
        return env.toString();
    }

    /** Every {@code @ConfigMapping} interface in the jar (or classes directory) that holds {@code anchor}. */
    static List<Class<?>> mappingsBesides(Class<?> anchor) {
        List<Class<?>> mappings = new ArrayList<>();
        for (String className : classNames(location(anchor))) {
            Class<?> type;
            try {
                type = Class.forName(className, false, anchor.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("cannot load " + className + " to look for @ConfigMapping", e);
            }
            if (type.isAnnotationPresent(ConfigMapping.class)) {
                mappings.add(type);
            }
        }
        mappings.sort(Comparator.comparing(Class::getName));
        return mappings;
    }

    static List<Property> properties(Class<?> mapping) {
        ConfigMapping annotation = mapping.getAnnotation(ConfigMapping.class);
        if (annotation == null) {
            throw new IllegalArgumentException(mapping + " is not a @ConfigMapping");
        }
        List<Property> out = new ArrayList<>();
        walk(mapping, annotation.prefix(), annotation.namingStrategy(), false, out);
        return out;
    }

    private static void walk(Class<?> group, String prefix, ConfigMapping.NamingStrategy naming, boolean optionalGroup,
            List<Property> out) {
        Method[] methods = group.getMethods();
        java.util.Arrays.sort(methods, Comparator.comparing(Method::getName));
        for (Method m : methods) {
            // default methods derive values (HealerConfig.Healer.settings()); they are not properties.
            if (m.isDefault() || Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0) {
                continue;
            }
            WithName rename = m.getAnnotation(WithName.class);
            String segment = rename != null ? rename.value() : name(naming, m.getName());
            String name = m.isAnnotationPresent(WithParentName.class) ? prefix
                    : prefix.isEmpty() ? segment : prefix + "." + segment;
            Class<?> raw = m.getReturnType();
            boolean optional = raw == Optional.class || raw == OptionalInt.class || raw == OptionalLong.class
                    || raw == OptionalDouble.class;
            Class<?> value = raw == Optional.class ? typeArgument(m.getGenericReturnType()) : raw;
            if (isGroup(value)) {
                walk(value, name, naming, optionalGroup || optional, out);
                continue;
            }
            // Not used by our apps; refusing is honest, skipping would leave names unchecked.
            if (Map.class.isAssignableFrom(value)
                    || (Collection.class.isAssignableFrom(value) && isGroup(elementType(m, raw)))) {
                throw new UnsupportedOperationException(group.getName() + "." + m.getName()
                        + ": map or group-list properties are not derived here; extend ConfigNames");
            }
            WithDefault fallback = m.getAnnotation(WithDefault.class);
            out.add(new Property(name, fallback == null && !optional && !optionalGroup,
                    Optional.ofNullable(fallback).map(WithDefault::value)));
        }
    }

    private static boolean isGroup(Class<?> type) {
        return type.isInterface() && !type.isAnnotation() && !type.getName().startsWith("java.");
    }

    private static Class<?> elementType(Method m, Class<?> raw) {
        Type type = m.getGenericReturnType();
        if (raw == Optional.class && type instanceof ParameterizedType p) {
            type = p.getActualTypeArguments()[0];
        }
        return type instanceof ParameterizedType p ? rawClass(p.getActualTypeArguments()[0]) : Object.class;
    }

    private static Class<?> typeArgument(Type type) {
        if (type instanceof ParameterizedType p) {
            return rawClass(p.getActualTypeArguments()[0]);
        }
        throw new IllegalStateException("raw Optional: " + type);
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("unsupported config type " + type);
    }

    private static String name(ConfigMapping.NamingStrategy naming, String method) {
        if (naming == ConfigMapping.NamingStrategy.VERBATIM) {
            return method;
        }
        char separator = naming == ConfigMapping.NamingStrategy.SNAKE_CASE ? '_' : '-';
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    name.append(separator);
                }
                name.append(Character.toLowerCase(c));
            } else {
                name.append(c);
            }
        }
        return name.toString();
    }

    private static Path location(Class<?> anchor) {
        try {
            return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> classNames(Path location) {
        try {
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location)) {
                    return files.map(location::relativize).map(Path::toString).filter(ConfigNames::isClassFile)
                            .map(ConfigNames::className).sorted().toList();
                }
            }
            try (JarFile jar = new JarFile(location.toFile())) {
                return jar.stream().map(e -> e.getName()).filter(ConfigNames::isClassFile)
                        .map(ConfigNames::className).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + location, e);
        }
    }

    private static boolean isClassFile(String path) {
        return path.endsWith(".class") && !path.endsWith("module-info.class") && !path.endsWith("package-info.class");
    }

    private static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.').replace('\\', '.');
    }
}
