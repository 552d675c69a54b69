package io.hybridstore.common.labels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ObjectLabels;
import io.hybridstore.common.model.ObjectLabels.Access;
import io.hybridstore.common.write.ObjectKeys;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A metadata-only change of an object's labels, as {@code PATCH /objects/{key}} takes it and as its
 * WAL record carries it:
 *
 * <pre>
 * {"tags": {"set": ["a","b"]}            replace all tags, or
 *  "tags": {"add": ["c"], "remove": ["a"]},
 *  "alias": "other-name" | null,          null clears; an absent member leaves the label as it is
 *  "contentType": "text/plain" | null,
 *  "access": "public" | "private" | null} null: inherit the rule of the key's prefix
 * </pre>
 * Every operation is absolute given the labels it applies to, so applying a patch is a pure
 * function of (current labels, patch); the replay gets the same answer the live request got.
 *
 * @param setTags     the new tag set, or null to keep the tags (less {@code removeTags}, plus {@code addTags})
 * @param addTags     tags to add (empty for none)
 * @param removeTags  tags to remove (empty for none)
 * @param alias       the new alias, or null to keep it
 * @param contentType the new content type override, or null to keep it
 * @param access      the new access level, or null to keep it
 */
public record LabelPatch(SortedSet<String> setTags, SortedSet<String> addTags, SortedSet<String> removeTags,
                         Change<String> alias, Change<String> contentType, Change<Access> access) {

    /** A label's new value; a null {@code value} clears it. */
    public record Change<T>(T value) {
    }

    public LabelPatch {
        addTags = addTags == null ? new TreeSet<>() : new TreeSet<>(addTags);
        removeTags = removeTags == null ? new TreeSet<>() : new TreeSet<>(removeTags);
        setTags = setTags == null ? null : new TreeSet<>(setTags);
    }

    public boolean isEmpty() {
        return setTags == null && addTags.isEmpty() && removeTags.isEmpty() && alias == null && contentType == null && access == null;
    }

    /** The labels after this patch; BAD_REQUEST when the result breaks a limit (too many tags). */
    public ObjectLabels applyTo(ObjectLabels current) {
        SortedSet<String> tags = new TreeSet<>(setTags != null ? setTags : current.tags());
        tags.addAll(addTags);
        tags.removeAll(removeTags);
        if (tags.size() > LabelRules.MAX_TAGS) {
            throw StoreException.badRequest("an object has at most " + LabelRules.MAX_TAGS + " tags; this patch would leave "
                    + tags.size());
        }
        return new ObjectLabels(tags,
                alias != null ? alias.value() : current.alias(),
                contentType != null ? contentType.value() : current.contentType(),
                access != null ? access.value() : current.access());
    }

    /** Parses and validates a request body; every problem is a BAD_REQUEST naming the member. */
    public static LabelPatch fromJson(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw StoreException.badRequest("body must be a JSON object with tags, alias, contentType or access");
        }
        SortedSet<String> set = null;
        SortedSet<String> add = null;
        SortedSet<String> remove = null;
        Change<String> alias = null;
        Change<String> contentType = null;
        Change<Access> access = null;
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode value = body.get(name);
            switch (name) {
                case "tags" -> {
                    if (!value.isObject()) {
                        throw StoreException.badRequest("tags must be {\"set\": [...]} or {\"add\": [...], \"remove\": [...]}");
                    }
                    for (Iterator<String> ops = value.fieldNames(); ops.hasNext(); ) {
                        String op = ops.next();
                        switch (op) {
                            case "set" -> set = tags("tags.set", value.get(op));
                            case "add" -> add = tags("tags.add", value.get(op));
                            case "remove" -> remove = tags("tags.remove", value.get(op));
                            default -> throw StoreException.badRequest("unknown member tags." + op + " (set, add or remove)");
                        }
                    }
                    if (set != null && (add != null || remove != null)) {
                        throw StoreException.badRequest("tags.set replaces all tags: it cannot be combined with tags.add or tags.remove");
                    }
                }
                case "alias" -> alias = new Change<>(value.isNull() ? null : ObjectKeys.validateBlobName(text("alias", value)));
                case "contentType" -> contentType = new Change<>(value.isNull() ? null : LabelRules.contentType(text("contentType", value)));
                case "access" -> access = new Change<>(value.isNull() ? null : LabelRules.access(text("access", value)));
                default -> throw StoreException.badRequest("unknown member " + name + " (tags, alias, contentType or access)");
            }
        }
        LabelPatch patch = new LabelPatch(set, add, remove, alias, contentType, access);
        if (patch.isEmpty()) {
            throw StoreException.badRequest("the patch changes nothing: give tags, alias, contentType or access");
        }
        if (set != null && set.size() > LabelRules.MAX_TAGS) {
            throw StoreException.badRequest("tags.set has " + set.size() + " tags, at most " + LabelRules.MAX_TAGS + " allowed");
        }
        return patch;
    }

    /** The canonical JSON form (what the WAL record carries); {@link #fromJson} reads it back equal. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        if (setTags != null || !addTags.isEmpty() || !removeTags.isEmpty()) {
            ObjectNode tags = json.putObject("tags");
            if (setTags != null) {
                setTags.forEach(tags.putArray("set")::add);
            }
            if (!addTags.isEmpty()) {
                addTags.forEach(tags.putArray("add")::add);
            }
            if (!removeTags.isEmpty()) {
                removeTags.forEach(tags.putArray("remove")::add);
            }
        }
        if (alias != null) {
            json.put("alias", alias.value());
        }
        if (contentType != null) {
            json.put("contentType", contentType.value());
        }
        if (access != null) {
            json.put("access", access.value() == null ? null : access.value().name().toLowerCase(Locale.ROOT));
        }
        return json;
    }

    private static SortedSet<String> tags(String member, JsonNode array) {
        if (array == null || !array.isArray()) {
            throw StoreException.badRequest(member + " must be an array of strings");
        }
        if (array.size() > LabelRules.MAX_TAGS) {
            throw StoreException.badRequest(member + " has " + array.size() + " tags, at most " + LabelRules.MAX_TAGS + " allowed");
        }
        SortedSet<String> tags = new TreeSet<>();
        for (JsonNode tag : array) {
            tags.add(LabelRules.tag(text(member, tag)));
        }
        return tags;
    }

    private static String text(String member, JsonNode value) {
        if (!value.isTextual()) {
            throw StoreException.badRequest(member + " must be a string" + (member.startsWith("tags") ? "" : " or null"));
        }
        return value.textValue();
    }

    /** For tests and callers that build a patch in code. */
    public static LabelPatch tags(Set<String> add, Set<String> remove) {
        return new LabelPatch(null, new TreeSet<>(add), new TreeSet<>(remove), null, null, null);
    }
}
