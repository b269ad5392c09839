package io.aegis.kernel.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Computes RFC 6902 JSON Patch operations turning one object into another: a removed member is
 * {@code remove}d, a new or changed one is {@code add}ed (which replaces an existing member),
 * nested objects are diffed member by member, and arrays and scalars are replaced whole. Members
 * equal on both sides are never mentioned, so fields another writer added (unknown to our model)
 * survive. Only {@code add} and {@code remove} are used: no {@code move}/{@code copy}, no array
 * indices, so the same operations mean the same thing on every server.
 */
final class JsonPatchDiff {
  /** Appends to {@code ops} the operations turning {@code from} into {@code to} at {@code path}. */
  static void diff(ArrayNode ops, String path, ObjectNode from, ObjectNode to) {
    for (Map.Entry<String, JsonNode> field : from.properties()) {
      if (isAbsent(to.get(field.getKey())) && !isAbsent(field.getValue())) {
        ops.addObject().put("op", "remove").put("path", path + "/" + escape(field.getKey()));
      }
    }
    for (Map.Entry<String, JsonNode> field : to.properties()) {
      JsonNode old = from.get(field.getKey());
      JsonNode now = field.getValue();
      if (isAbsent(now) || now.equals(old)) {
        continue;
      }
      String member = path + "/" + escape(field.getKey());
      if (old != null && old.isObject() && now.isObject()) {
        diff(ops, member, (ObjectNode) old, (ObjectNode) now);
      } else {
        add(ops, member, now);
      }
    }
  }

  /** Appends {@code {"op":"add","path":path,"value":value}}. */
  static void add(ArrayNode ops, String path, JsonNode value) {
    ops.addObject().put("op", "add").put("path", path).set("value", value.deepCopy());
  }

  /** Appends {@code {"op":"replace","path":path,"value":value}}. */
  static void replace(ArrayNode ops, String path, String value) {
    ops.addObject().put("op", "replace").put("path", path).put("value", value);
  }

  static ArrayNode newPatch() {
    return JsonNodeFactory.instance.arrayNode();
  }

  private static boolean isAbsent(JsonNode node) {
    return node == null || node.isNull();
  }

  /** RFC 6901 reference token escaping. */
  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private JsonPatchDiff() {}
}
