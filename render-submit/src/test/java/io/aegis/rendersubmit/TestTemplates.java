package io.aegis.rendersubmit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.aegis.kernel.crd.AegisAlertOpsRule;
import io.aegis.kernel.crd.AegisOpsTemplate;
import io.aegis.kernel.crd.AegisOpsTemplateSpec;
import io.aegis.kernel.json.Json;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Rules and templates from the fixture files of the Go original's examples. */
public final class TestTemplates {
  public static final String README = "examples/original/readme/rule.yaml";
  public static final List<String> ORIGINAL_EXAMPLES =
      List.of(README, "examples/original/dropcache/ops.yaml", "examples/original/hpc/ops.yaml");

  private TestTemplates() {}

  /** Every YAML document of a classpath resource. */
  public static List<JsonNode> documents(String resource) {
    try (InputStream in = TestTemplates.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath");
      }
      List<JsonNode> docs = new ArrayList<>();
      try (MappingIterator<JsonNode> it =
          new YAMLMapper().readerFor(JsonNode.class).readValues(in)) {
        while (it.hasNext()) {
          JsonNode doc = it.next();
          if (doc != null && !doc.isNull() && !doc.isEmpty()) {
            docs.add(doc);
          }
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<AegisOpsTemplate> templates(String resource) {
    return documents(resource).stream()
        .filter(d -> "AegisOpsTemplate".equals(d.path("kind").asText()))
        .map(d -> Json.MAPPER.convertValue(d, AegisOpsTemplate.class))
        .toList();
  }

  public static List<AegisAlertOpsRule> rules(String resource) {
    return documents(resource).stream()
        .filter(d -> "AegisAlertOpsRule".equals(d.path("kind").asText()))
        .map(d -> Json.MAPPER.convertValue(d, AegisAlertOpsRule.class))
        .toList();
  }

  /** The README's {@code nodehasemergencyevent} template, in {@code namespace}. */
  public static AegisOpsTemplate readme(String namespace) {
    AegisOpsTemplate t = templates(README).get(0);
    t.getMetadata().setNamespace(namespace);
    return t;
  }

  /** A template named {@code name} in {@code namespace} with {@code manifest}. */
  public static AegisOpsTemplate of(String namespace, String name, String manifest) {
    AegisOpsTemplate t = new AegisOpsTemplate();
    t.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    t.setSpec(new AegisOpsTemplateSpec());
    t.getSpec().manifest = manifest;
    return t;
  }
}
