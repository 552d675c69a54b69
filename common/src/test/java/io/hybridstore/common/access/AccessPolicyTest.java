package io.hybridstore.common.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.access.AccessPolicy.Decision;
import io.hybridstore.common.access.AccessPolicy.Source;
import io.hybridstore.common.model.ObjectLabels;
import io.hybridstore.common.model.ObjectLabels.Access;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    private static final List<AccessRule> RULES = List.of(
            new AccessRule("public/", Access.PUBLIC),
            new AccessRule("public/secret/", Access.PRIVATE),
            new AccessRule("pub", Access.PRIVATE));

    private static ObjectLabels access(Access a) {
        return new ObjectLabels(null, null, null, a);
    }

    @Test
    void privateWhenNothingSaysOtherwise() {
        assertEquals(new Decision(Access.PRIVATE, Source.fallback, null), AccessPolicy.decide("a/b", ObjectLabels.NONE, RULES));
        assertFalse(AccessPolicy.mayReadAnonymously("a/b", null, List.of()));
    }

    @Test
    void theLongestCoveringPrefixDecides() {
        assertEquals(new Decision(Access.PUBLIC, Source.prefix, "public/"), AccessPolicy.decide("public/x", ObjectLabels.NONE, RULES));
        assertEquals(new Decision(Access.PRIVATE, Source.prefix, "public/secret/"),
                AccessPolicy.decide("public/secret/x", ObjectLabels.NONE, RULES));
        assertEquals(new Decision(Access.PRIVATE, Source.prefix, "pub"), AccessPolicy.decide("publish", ObjectLabels.NONE, RULES));
    }

    @Test
    void theObjectsOwnLabelBeatsEveryRule() {
        assertTrue(AccessPolicy.mayReadAnonymously("public/secret/x", access(Access.PUBLIC), RULES));
        assertEquals(new Decision(Access.PRIVATE, Source.object, null), AccessPolicy.decide("public/x", access(Access.PRIVATE), RULES));
    }

    @Test
    void anEmptyPrefixRuleCoversEveryKey() {
        List<AccessRule> all = List.of(new AccessRule("", Access.PUBLIC));
        assertTrue(AccessPolicy.mayReadAnonymously("anything", ObjectLabels.NONE, all));
    }
}
