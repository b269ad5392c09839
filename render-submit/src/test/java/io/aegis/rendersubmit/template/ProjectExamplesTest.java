package io.aegis.rendersubmit.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.aegis.rendersubmit.TestAlerts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every AegisOpsTemplate under the repository's {@code examples/} is valid and renders. */
class ProjectExamplesTest {
  static final Path EXAMPLES = Path.of("..", "examples");

  @Test
  void everyExampleTemplateIsValidAndRendersForANodeAlert() throws IOException {
    List<JsonNode> templates = new ArrayList<>();
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        try (MappingIterator<JsonNode> docs =
            new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
          while (docs.hasNext()) {
            JsonNode doc = docs.next();
            if (doc != null && "AegisOpsTemplate".equals(doc.path("kind").asText())) {
              templates.add(doc);
            }
          }
        }
      }
    }
    assertThat(templates).as("templates under " + EXAMPLES.toAbsolutePath()).isNotEmpty();

    WorkflowTemplateEngine engine = new WorkflowTemplateEngine();
    var variables =
        TemplateVariables.of(
            TestAlerts.node("default-nodecriticalissue-x2b4k", "gpu-07", Map.of("node", "gpu-07")));
    for (JsonNode template : templates) {
      String name = template.at("/metadata/name").asText();
      String manifest = template.at("/spec/manifest").asText();
      TemplateCheck check = engine.check(manifest);
      assertThat(check.valid()).as(name + ": " + check.problem()).isTrue();
      assertThat(check.warnings()).as(name).isEmpty();
      assertThat(engine.render(manifest, variables).workflow().toString())
          .as(name)
          .contains("gpu-07");
    }
  }
}
