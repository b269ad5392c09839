package io.aegis.kernel.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Validates Knative objects against the {@code openAPIV3Schema} of the upstream CRDs copied to
 * {@code src/test/resources/upstream-crds/} (unmodified; see the README there), read the way the
 * upstream README prescribes: every object schema with {@code properties} and neither {@code
 * additionalProperties} nor {@code x-kubernetes-preserve-unknown-fields: true} is closed, and the
 * root gets {@code apiVersion}, {@code kind} and {@code metadata}, which the API server always
 * accepts but the Knative schemas do not declare. Typos and removed fields therefore fail here
 * instead of being pruned silently by the API server.
 */
final class CrdSchemas {
  private static final Map<String, String> CRD_OF =
      Map.of(
          "serving.knative.dev/v1 Service", "upstream-crds/knative-serving/service.yaml",
          "eventing.knative.dev/v1 Broker", "upstream-crds/knative-eventing/broker.yaml",
          "eventing.knative.dev/v1 Trigger", "upstream-crds/knative-eventing/trigger.yaml",
          "sources.knative.dev/v1 ApiServerSource",
              "upstream-crds/knative-eventing/apiserversource.yaml",
          "sources.knative.dev/v1 PingSource", "upstream-crds/knative-eventing/pingsource.yaml",
          "sources.knative.dev/v1 SinkBinding", "upstream-crds/knative-eventing/sinkbindings.yaml");

  private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);

  private CrdSchemas() {}

  static boolean covers(String apiVersion, String kind) {
    return CRD_OF.containsKey(apiVersion + " " + kind);
  }

  /** Schema violations of the object (empty when valid); the object's kind must be covered. */
  static List<String> validate(JsonNode object) {
    String key = object.path("apiVersion").asText() + " " + object.path("kind").asText();
    JsonSchema schema = SCHEMAS.computeIfAbsent(key, CrdSchemas::load);
    return schema.validate(object).stream()
        .map(ValidationMessage::getMessage)
        .sorted()
        .collect(Collectors.toList());
  }

  /** The upstream CRD file for a kind, as a resource path. */
  static Optional<String> crdResource(String apiVersion, String kind) {
    return Optional.ofNullable(CRD_OF.get(apiVersion + " " + kind));
  }

  private static JsonSchema load(String key) {
    String resource = CRD_OF.get(key);
    if (resource == null) {
      throw new AssertionError("no upstream CRD copied for " + key);
    }
    String version = key.substring(key.indexOf('/') + 1, key.indexOf(' '));
    JsonNode crd;
    try (InputStream in = CrdSchemas.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new AssertionError("missing test resource " + resource);
      }
      crd = ManifestRepo.YAML.readTree(in);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + resource, e);
    }
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("name").asText().equals(version)) {
        ObjectNode schema = v.path("schema").path("openAPIV3Schema").deepCopy();
        return FACTORY.getSchema(closedRoot(schema));
      }
    }
    throw new AssertionError(resource + " has no version " + version);
  }

  static ObjectNode closedRoot(ObjectNode schema) {
    ObjectNode props =
        schema.get("properties") instanceof ObjectNode
            ? (ObjectNode) schema.get("properties")
            : schema.putObject("properties");
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (!props.has("apiVersion")) {
      props.set("apiVersion", f.objectNode().put("type", "string"));
    }
    if (!props.has("kind")) {
      props.set("kind", f.objectNode().put("type", "string"));
    }
    if (!props.has("metadata")) {
      props.set("metadata", f.objectNode().put("type", "object"));
    }
    close(schema);
    return schema;
  }

  /** Closes object schemas in place and drops keywords JSON Schema draft 4 does not know. */
  static void close(ObjectNode schema) {
    boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    List<String> drop = new ArrayList<>();
    for (Iterator<String> names = schema.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (name.startsWith("x-") || name.equals("nullable") || name.equals("format")) {
        drop.add(name);
      }
    }
    schema.remove(drop);
    JsonNode properties = schema.get("properties");
    if (properties instanceof ObjectNode) {
      properties.forEach(p -> close((ObjectNode) p));
      if (!schema.has("additionalProperties") && !preserveUnknown) {
        schema.put("additionalProperties", false);
      }
    }
    JsonNode additional = schema.get("additionalProperties");
    if (additional instanceof ObjectNode) {
      close((ObjectNode) additional);
    }
    JsonNode items = schema.get("items");
    if (items instanceof ObjectNode) {
      close((ObjectNode) items);
    } else if (items instanceof ArrayNode) {
      items.forEach(i -> close((ObjectNode) i));
    }
    for (String combinator : List.of("anyOf", "allOf", "oneOf")) {
      JsonNode alternatives = schema.get(combinator);
      if (alternatives instanceof ArrayNode) {
        alternatives.forEach(a -> close((ObjectNode) a));
      }
    }
    if (schema.get("not") instanceof ObjectNode) {
      close((ObjectNode) schema.get("not"));
    }
  }
}
