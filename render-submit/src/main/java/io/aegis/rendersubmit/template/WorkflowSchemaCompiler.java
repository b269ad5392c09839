package io.aegis.rendersubmit.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns the upstream Argo Workflow CRD (2.8 MB of YAML, ~650 ms to load and compile) into the small
 * closed JSON Schema {@link WorkflowSchema} loads (~65 KB, ~150 ms): only validation keywords are
 * kept, every object with {@code properties} and neither {@code additionalProperties} nor {@code
 * x-kubernetes-preserve-unknown-fields} is closed (so removed fields such as {@code
 * ttlSecondsAfterFinished} are caught instead of silently pruned), CEL rules are skipped, and
 * repeated sub-schemas become {@code definitions}. The result is committed; a test fails when it
 * differs from what this produces from the committed CRD.
 *
 * <p>Regenerate: {@code java -cp <render-submit classpath> io.aegis.rendersubmit.template
 * .WorkflowSchemaCompiler <crd.yaml> <schema.json>}.
 */
public final class WorkflowSchemaCompiler {
  public static final String VERSION = "v1alpha1";

  private static final Set<String> KEPT =
      Set.of(
          "type",
          "properties",
          "additionalProperties",
          "items",
          "required",
          "enum",
          "anyOf",
          "allOf",
          "oneOf",
          "not",
          "pattern",
          "minimum",
          "maximum",
          "exclusiveMinimum",
          "exclusiveMaximum",
          "minItems",
          "maxItems",
          "minLength",
          "maxLength",
          "minProperties",
          "maxProperties",
          "uniqueItems",
          "multipleOf");

  /** Repeated sub-schemas shorter than this stay inline (a $ref would not pay for itself). */
  private static final int MIN_SHARED_LENGTH = 200;

  private static final ObjectMapper JSON = new ObjectMapper();

  private WorkflowSchemaCompiler() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: WorkflowSchemaCompiler <workflows-crd.yaml> <out.json>");
      System.exit(2);
    }
    JsonNode crd = new YAMLMapper().readTree(Path.of(args[0]).toFile());
    Files.writeString(Path.of(args[1]), toJson(compile(crd)));
  }

  /** The schema as committed: compact JSON and a final newline. */
  public static String toJson(ObjectNode schema) throws IOException {
    return JSON.writeValueAsString(schema) + "\n";
  }

  /** The closed, de-duplicated schema of {@code v1alpha1} Workflows in {@code crd}. */
  public static ObjectNode compile(JsonNode crd) {
    JsonNode schema = null;
    for (JsonNode version : crd.path("spec").path("versions")) {
      if (VERSION.equals(version.path("name").asText())) {
        schema = version.path("schema").path("openAPIV3Schema");
      }
    }
    if (schema == null || !schema.isObject()) {
      throw new IllegalArgumentException("no " + VERSION + " openAPIV3Schema in the CRD");
    }
    ObjectNode closed = close(schema);
    ObjectNode props = (ObjectNode) closed.get("properties");
    for (String field : new String[] {"apiVersion", "kind"}) {
      if (!props.has(field)) {
        props.putObject(field).put("type", "string");
      }
    }
    if (!props.has("metadata")) {
      props.putObject("metadata").put("type", "object");
    }
    return share(closed);
  }

  private static ObjectNode close(JsonNode schema) {
    ObjectNode out = JSON.createObjectNode();
    boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    schema
        .fields()
        .forEachRemaining(
            e -> {
              String key = e.getKey();
              JsonNode value = e.getValue();
              if (!KEPT.contains(key)) {
                return;
              }
              switch (key) {
                case "properties" -> {
                  ObjectNode props = out.putObject("properties");
                  value.fields().forEachRemaining(p -> props.set(p.getKey(), close(p.getValue())));
                }
                case "items", "not" -> out.set(key, value.isObject() ? close(value) : value);
                case "additionalProperties" ->
                    out.set(key, value.isObject() ? close(value) : value);
                case "anyOf", "allOf", "oneOf" -> {
                  ArrayNode list = out.putArray(key);
                  value.forEach(v -> list.add(close(v)));
                }
                default -> out.set(key, value);
              }
            });
    if (out.has("properties") && !out.has("additionalProperties") && !preserve) {
      out.put("additionalProperties", false);
    }
    return out;
  }

  /** Moves sub-schemas that occur more than once into {@code definitions}. */
  private static ObjectNode share(ObjectNode schema) {
    Map<String, Integer> counts = new HashMap<>();
    count(schema, counts);
    Map<String, String> names = new LinkedHashMap<>();
    ObjectNode definitions = JSON.createObjectNode();
    ObjectNode out = replace(schema, true, counts, names, definitions);
    out.set("definitions", definitions);
    return out;
  }

  private static void count(JsonNode node, Map<String, Integer> counts) {
    if (node.isContainerNode()) {
      node.forEach(child -> count(child, counts));
      if (node.isObject()) {
        counts.merge(node.toString(), 1, Integer::sum);
      }
    }
  }

  private static ObjectNode replace(
      ObjectNode schema,
      boolean root,
      Map<String, Integer> counts,
      Map<String, String> names,
      ObjectNode definitions) {
    String key = schema.toString();
    if (!root && key.length() >= MIN_SHARED_LENGTH && counts.getOrDefault(key, 0) > 1) {
      String name = names.get(key);
      if (name == null) {
        name = "s" + names.size();
        names.put(key, name);
        definitions.set(name, copy(schema, counts, names, definitions));
      }
      return JSON.createObjectNode().put("$ref", "#/definitions/" + name);
    }
    return copy(schema, counts, names, definitions);
  }

  private static ObjectNode copy(
      ObjectNode schema,
      Map<String, Integer> counts,
      Map<String, String> names,
      ObjectNode definitions) {
    ObjectNode out = JSON.createObjectNode();
    schema
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode value = e.getValue();
              switch (e.getKey()) {
                case "properties" -> {
                  ObjectNode props = out.putObject("properties");
                  value
                      .fields()
                      .forEachRemaining(
                          p ->
                              props.set(
                                  p.getKey(),
                                  replace(
                                      (ObjectNode) p.getValue(),
                                      false,
                                      counts,
                                      names,
                                      definitions)));
                }
                case "items", "not", "additionalProperties" ->
                    out.set(
                        e.getKey(),
                        value.isObject()
                            ? replace((ObjectNode) value, false, counts, names, definitions)
                            : value);
                case "anyOf", "allOf", "oneOf" -> {
                  ArrayNode list = out.putArray(e.getKey());
                  value.forEach(
                      v -> list.add(replace((ObjectNode) v, false, counts, names, definitions)));
                }
                default -> out.set(e.getKey(), value);
              }
            });
    return out;
  }
}
