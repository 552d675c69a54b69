package io.hybridstore.common.access;

import io.hybridstore.common.model.ObjectLabels;
import io.hybridstore.common.model.ObjectLabels.Access;
import java.util.List;

/**
 * The one answer to "may an anonymous caller read key K?": the object's own access label if it has
 * one, else the rule of the longest prefix rule that covers K, else private. A pure function of the
 * facts it is given, so the credential filter, the signed links and the info pages cannot disagree.
 * (A signed link is itself a credential: it reads private objects too.)
 */
public final class AccessPolicy {

    /** Where a decision came from: the object's label, a prefix rule, or the default. */
    public enum Source {
        object, prefix, fallback
    }

    /**
     * @param access the effective level
     * @param source why
     * @param rule   the prefix of the deciding rule, when {@code source} is {@code prefix}
     */
    public record Decision(Access access, Source source, String rule) {

        public boolean anonymousRead() {
            return access == Access.PUBLIC;
        }
    }

    private AccessPolicy() {
    }

    public static Decision decide(String key, ObjectLabels labels, List<AccessRule> rules) {
        if (labels != null && labels.access() != null) {
            return new Decision(labels.access(), Source.object, null);
        }
        AccessRule best = null;
        for (AccessRule rule : rules) {
            if (key.startsWith(rule.prefix()) && (best == null || rule.prefix().length() > best.prefix().length())) {
                best = rule;
            }
        }
        return best == null ? new Decision(Access.PRIVATE, Source.fallback, null) : new Decision(best.access(), Source.prefix, best.prefix());
    }

    public static boolean mayReadAnonymously(String key, ObjectLabels labels, List<AccessRule> rules) {
        return decide(key, labels, rules).anonymousRead();
    }
}
