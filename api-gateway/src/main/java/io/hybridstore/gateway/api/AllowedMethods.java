package io.hybridstore.gateway.api;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Singleton;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which methods each path of the REST API takes, read once from the resources' own JAX-RS annotations,
 * for the {@code Allow} a 405 must carry (RFC 9110 section 15.5.6): the REST layer refuses a method
 * without naming the ones it takes. Read from the annotations, so a new resource method is in it without
 * being listed twice.
 */
@Singleton
public class AllowedMethods {

    private record Route(Pattern path, String method) {
    }

    private final List<Route> routes = new ArrayList<>();

    AllowedMethods(BeanManager beans) {
        // REST resources are beans: every bean class with a @Path is one.
        for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            Path root = bean.getBeanClass().getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method method : bean.getBeanClass().getMethods()) {
                String http = httpMethod(method);
                if (http != null) {
                    Path sub = method.getAnnotation(Path.class);
                    routes.add(new Route(template(root.value(), sub == null ? "" : sub.value()), http));
                }
            }
        }
    }

    /** The methods {@code path} (as sent, no query) takes, e.g. "GET, HEAD"; null when no route has it. */
    String allow(String path) {
        Set<String> methods = new TreeSet<>();
        for (Route route : routes) {
            if (route.path().matcher(path).matches()) {
                methods.add(route.method());
            }
        }
        if (methods.contains(HttpMethod.GET)) {
            methods.add(HttpMethod.HEAD); // JAX-RS answers HEAD wherever GET is answered
        }
        return methods.isEmpty() ? null : String.join(", ", methods);
    }

    /** The route template of a class {@code @Path} and a method {@code @Path}, as a pattern of the raw path. */
    static Pattern template(String root, String sub) {
        String joined = ("/" + root + "/" + sub).replaceAll("/{2,}", "/");
        String template = joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
        StringBuilder regex = new StringBuilder();
        int at = 0;
        for (int open = template.indexOf('{'); open >= 0; open = template.indexOf('{', at)) {
            int close = template.indexOf('}', open);
            regex.append(Pattern.quote(template.substring(at, open)));
            String parameter = template.substring(open + 1, close);
            int colon = parameter.indexOf(':');
            regex.append('(').append(colon < 0 ? "[^/]+" : parameter.substring(colon + 1).trim()).append(')');
            at = close + 1;
        }
        return Pattern.compile(regex.append(Pattern.quote(template.substring(at))).toString());
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }
}
