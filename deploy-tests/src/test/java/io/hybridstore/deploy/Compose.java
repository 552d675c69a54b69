package io.hybridstore.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** deploy/compose/docker-compose.yml, YAML merge keys resolved as Compose resolves them. */
final class Compose {
    static final Path DIR = Repo.path("deploy/compose");
    static final Path FILE = DIR.resolve("docker-compose.yml");

    /** One service, read leniently only where the Compose spec allows two forms. */
    record Service(String name, Map<String, Object> raw) {
        String image() {
            return (String) raw.get("image");
        }

        Optional<App> app() {
            return Optional.ofNullable(image()).flatMap(App::byImage);
        }

        /** Names in file order; {@code KEY=VALUE} list entries and map entries alike. */
        Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            Object raw = this.raw.get("environment");
            if (raw instanceof Map<?, ?> map) {
                map.forEach((k, v) -> env.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
            } else if (raw instanceof List<?> list) {
                for (Object entry : list) {
                    String[] kv = String.valueOf(entry).split("=", 2);
                    if (env.put(kv[0], kv.length > 1 ? kv[1] : null) != null) {
                        throw new AssertionError(name + ": " + kv[0] + " twice");
                    }
                }
            }
            return env;
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> map(String key) {
            Object value = raw.get(key);
            return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        }

        List<String> list(String key) {
            Object value = raw.get(key);
            List<String> out = new ArrayList<>();
            if (value instanceof List<?> l) {
                l.forEach(v -> out.add(String.valueOf(v)));
            }
            return out;
        }

        /** depends_on in either form: a list of names or a map name -> {condition}. */
        Map<String, String> dependsOn() {
            Map<String, String> out = new LinkedHashMap<>();
            Object value = raw.get("depends_on");
            if (value instanceof List<?> l) {
                l.forEach(n -> out.put(String.valueOf(n), "service_started"));
            } else if (value instanceof Map<?, ?> m) {
                m.forEach((k, v) -> out.put(String.valueOf(k),
                        v instanceof Map<?, ?> c ? String.valueOf(c.get("condition")) : "service_started"));
            }
            return out;
        }

        /** The command as one string (a script or words), for flag and script checks. */
        String commandText() {
            Object command = raw.get("command");
            return command instanceof List<?> l ? String.join("\n", l.stream().map(String::valueOf).toList())
                    : String.valueOf(command);
        }
    }

    final Map<String, Object> root;
    final List<Service> services;

    private Compose(Map<String, Object> root, List<Service> services) {
        this.root = root;
        this.services = services;
    }

    @SuppressWarnings("unchecked")
    static Compose load() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader reader = Files.newBufferedReader(FILE)) {
            Map<String, Object> root = new Yaml(new SafeConstructor(options)).load(reader);
            List<Service> services = new ArrayList<>();
            ((Map<String, Object>) root.get("services"))
                    .forEach((name, body) -> services.add(new Service(name, (Map<String, Object>) body)));
            return new Compose(root, List.copyOf(services));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE, e);
        }
    }

    Service service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no compose service " + name));
    }

    List<Service> apps(App app) {
        return services.stream().filter(s -> s.app().equals(Optional.of(app))).toList();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> volumes() {
        Object volumes = root.get("volumes");
        return volumes instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** Compose byte values: 768m, 1536m, 2g, 512k, or plain bytes. */
    static long bytes(String value) {
        String v = value.trim().toLowerCase();
        long unit = switch (v.replaceAll("[0-9.]", "")) {
            case "", "b" -> 1L;
            case "k", "kb" -> 1L << 10;
            case "m", "mb" -> 1L << 20;
            case "g", "gb" -> 1L << 30;
            default -> throw new IllegalArgumentException("byte value " + value);
        };
        return (long) (Double.parseDouble(v.replaceAll("[^0-9.]", "")) * unit);
    }
}
