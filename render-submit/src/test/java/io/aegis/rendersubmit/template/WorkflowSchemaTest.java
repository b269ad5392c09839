package io.aegis.rendersubmit.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class WorkflowSchemaTest {
  static final String UPSTREAM = "upstream-crds/argoproj.io_workflows.yaml";

  /** The committed upstream CRD is the one recorded in upstream-crds/README.md (Argo v4.1.2). */
  @Test
  void theUpstreamCrdIsTheRecordedCopy() throws Exception {
    try (InputStream in = resource(UPSTREAM)) {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
      assertThat(HexFormat.of().formatHex(digest))
          .isEqualTo("35ffc0d16c9c71db69ae113e562d90057eac75a60e7371aa3012a3171ccd8c39");
    }
  }

  /**
   * The committed closed schema is what {@link WorkflowSchemaCompiler} makes of the committed CRD.
   * Run with {@code -Daegis.regenerate-schema=true} to rewrite it after replacing the CRD.
   */
  @Test
  void theCommittedSchemaIsUpToDate() throws IOException {
    JsonNode crd;
    try (InputStream in = resource(UPSTREAM)) {
      crd = new YAMLMapper().readTree(in);
    }
    String expected = WorkflowSchemaCompiler.toJson(WorkflowSchemaCompiler.compile(crd));
    if (Boolean.getBoolean("aegis.regenerate-schema")) {
      Files.writeString(
          Path.of("src/main/resources/io/aegis/rendersubmit/template", WorkflowSchema.RESOURCE),
          expected);
      return;
    }
    String committed;
    try (InputStream in = WorkflowSchema.class.getResourceAsStream(WorkflowSchema.RESOURCE)) {
      committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(committed).isEqualTo(expected);
  }

  @Test
  void objectsAreClosedAndOnlyValidationKeywordsAreKept() throws IOException {
    JsonNode schema;
    try (InputStream in = WorkflowSchema.class.getResourceAsStream(WorkflowSchema.RESOURCE)) {
      schema = new ObjectMapper().readTree(in);
    }
    assertThat(schema.at("/properties/spec/additionalProperties").asBoolean(true)).isFalse();
    assertThat(schema.toString())
        .doesNotContain("x-kubernetes")
        .doesNotContain("\"description\":\"");
    assertThat(schema.at("/properties/spec/properties/ttlStrategy").isMissingNode()).isFalse();
    assertThat(schema.at("/properties/spec/properties/ttlSecondsAfterFinished").isMissingNode())
        .isTrue();
  }

  static InputStream resource(String name) {
    InputStream in = WorkflowSchemaTest.class.getClassLoader().getResourceAsStream(name);
    assertThat(in).as(name).isNotNull();
    return in;
  }
}
