package io.aegis.kernel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an object against a CRD's {@code openAPIV3Schema} the way an API server treats it: types
 * and enums must match, and every field must be declared — an undeclared field is not an error on a
 * real server but is silently pruned, which for us means the model and the CRD disagree. Covers the
 * subset of OpenAPI the crd-generator emits ({@code type}, {@code properties}, {@code items},
 * {@code additionalProperties}, {@code enum}, {@code x-kubernetes-int-or-string}, {@code
 * x-kubernetes-preserve-unknown-fields}); {@code apiVersion}, {@code kind} and {@code metadata} at
 * the root are the API server's own.
 */
public final class CrdSchemas {
  private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");

  /** Problems found, as {@code path: what}; empty when the object conforms. */
  public static List<String> violations(JsonNode object, JsonNode openApiV3Schema) {
    List<String> problems = new ArrayList<>();
    check(object, openApiV3Schema, "", true, problems);
    return problems;
  }

  private static void check(
      JsonNode value, JsonNode schema, String path, boolean root, List<String> problems) {
    if (value == null || value.isNull()) {
      return;
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (!value.isIntegralNumber() && !value.isTextual()) {
        problems.add(path + ": expected integer or string, got " + value.getNodeType());
      }
      return;
    }
    if (schema.has("enum") && !contains(schema.get("enum"), value)) {
      problems.add(path + ": " + value + " is not one of " + schema.get("enum"));
    }
    String type = schema.path("type").asText("");
    switch (type) {
      case "object" -> checkObject(value, schema, path, root, problems);
      case "array" -> {
        if (!value.isArray()) {
          problems.add(path + ": expected array, got " + value.getNodeType());
          return;
        }
        for (int i = 0; i < value.size(); i++) {
          check(value.get(i), schema.path("items"), path + "[" + i + "]", false, problems);
        }
      }
      case "string" -> expect(value.isTextual(), "string", value, path, problems);
      case "integer" -> expect(value.isIntegralNumber(), "integer", value, path, problems);
      case "number" -> expect(value.isNumber(), "number", value, path, problems);
      case "boolean" -> expect(value.isBoolean(), "boolean", value, path, problems);
      case "" -> {
        if (!schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
          problems.add(path + ": schema has no type");
        }
      }
      default -> problems.add(path + ": unknown schema type " + type);
    }
  }

  private static void checkObject(
      JsonNode value, JsonNode schema, String path, boolean root, List<String> problems) {
    if (!value.isObject()) {
      problems.add(path + ": expected object, got " + value.getNodeType());
      return;
    }
    boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    JsonNode additional = schema.get("additionalProperties");
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      String name = field.getKey();
      String child = path + "." + name;
      JsonNode declared = schema.path("properties").get(name);
      if (declared != null) {
        check(field.getValue(), declared, child, false, problems);
      } else if (additional != null && additional.isObject()) {
        check(field.getValue(), additional, child, false, problems);
      } else if (!preserve && !(root && ROOT_FIELDS.contains(name))) {
        problems.add(child + ": not in the schema (a real API server prunes it)");
      }
    }
  }

  private static void expect(
      boolean ok, String type, JsonNode value, String path, List<String> problems) {
    if (!ok) {
      problems.add(path + ": expected " + type + ", got " + value.getNodeType());
    }
  }

  private static boolean contains(JsonNode values, JsonNode value) {
    for (JsonNode v : values) {
      if (v.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private CrdSchemas() {}
}
