package io.aegis.kernel.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Computes RFC 6902 JSON Patch operations that turn the stored version of an object into the
 * mutated one, given three views: {@code before} and {@code after} (the object as the model reads
 * it, before and after the mutation) and {@code stored} (the raw JSON on the server).
 *
 * <p>Only the model's changes are written: a member is {@code add}ed when it differs between before
 * and after ({@code add} creates or replaces), and {@code remove}d when the mutation cleared it.
 * Operations never depend on what the model merely assumes: a nested object is diffed member by
 * member only when the server has it (otherwise it is added whole, so no operation ever targets a
 * missing parent), and a member is removed only when the server has it. Members the model does not
 * know are never mentioned, so they survive. Arrays and scalars are replaced whole; only {@code
 * add}, {@code remove} and {@code replace} are used, with no array indices.
 */
final class JsonPatchDiff {
  /**
   * Appends to {@code ops} the operations for the object at {@code path}, which exists on the
   * server as {@code stored}.
   */
  static void diff(
      ArrayNode ops, String path, ObjectNode before, ObjectNode after, JsonNode stored) {
    for (Map.Entry<String, JsonNode> field : before.properties()) {
      String name = field.getKey();
      if (isAbsent(after.get(name)) && !isAbsent(stored.get(name))) {
        ops.addObject().put("op", "remove").put("path", path + "/" + escape(name));
      }
    }
    for (Map.Entry<String, JsonNode> field : after.properties()) {
      String name = field.getKey();
      JsonNode old = before.get(name);
      JsonNode now = field.getValue();
      if (isAbsent(now) || now.equals(old)) {
        continue;
      }
      String member = path + "/" + escape(name);
      JsonNode onServer = stored.get(name);
      if (old != null
          && old.isObject()
          && now.isObject()
          && onServer != null
          && onServer.isObject()) {
        diff(ops, member, (ObjectNode) old, (ObjectNode) now, onServer);
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
    return node == null || node.isNull() || node.isMissingNode();
  }

  /** RFC 6901 reference token escaping. */
  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private JsonPatchDiff() {}
}
