package io.hybridstore.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A resource's route template read as a pattern of the raw path, as the REST layer matches it. */
class AllowedMethodsTest {

    @Test
    void templatesMatchThePathsTheirRoutesTake() {
        String[][] cases = {
                {"/", "write", "/write", "true"},
                {"/", "write", "/write/x", "false"},
                {"/", "read/{key: .+}", "/read/a/b;c", "true"},
                {"/", "read/{key: .+}", "/read/", "false"},
                {"/admin/dead-letters", "{id}/redrive", "/admin/dead-letters/42/redrive", "true"},
                {"/admin/dead-letters", "{id}/redrive", "/admin/dead-letters/4/2/redrive", "false"},
                {"/admin/dead-letters", "", "/admin/dead-letters", "true"},
                {"/", "objects/{key: .+}/info", "/objects/a.b/info", "true"},
        };
        for (String[] c : cases) {
            assertEquals(Boolean.parseBoolean(c[3]), AllowedMethods.template(c[0], c[1]).matcher(c[2]).matches(), String.join(" ", c));
        }
        assertEquals(8, cases.length);
    }
}
