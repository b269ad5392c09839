package io.aegis.kernel.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.kernel.testing.AegisCrds;
import io.aegis.kernel.testing.CrdSchemas;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Each kind reads from YAML into the model and writes back to the same tree, so nothing a user or
 * another version wrote is lost by a read-modify-write through our classes; and each fixture
 * conforms to the committed CRD schema, so a real API server keeps every field.
 */
class CrdRoundTripTest {
  @Test
  void aegisAlertRoundTrips() {
    AegisAlert alert = assertRoundTrip("crd/aegisalert.yaml", AegisAlert.class);
    assertThat(alert.getSpec().source).isEqualTo(AlertSource.Default);
    assertThat(alert.getStatus().opsStatus.triggerStatus).isEqualTo(TriggerStatus.Triggered);
  }

  @Test
  void aegisAlertOpsRuleRoundTrips() {
    AegisAlertOpsRule rule = assertRoundTrip("crd/aegisalertopsrule.yaml", AegisAlertOpsRule.class);
    assertThat(rule.getSpec().alertConditions)
        .extracting(c -> c.type)
        .contains("NodeCriticalIssue.*");
  }

  @Test
  void aegisOpsTemplateRoundTrips() {
    AegisOpsTemplate template =
        assertRoundTrip("crd/aegisopstemplate.yaml", AegisOpsTemplate.class);
    assertThat(template.getSpec().manifest).contains("{{.node}}", "${HOME}", "{{workflow.name}}");
  }

  @Test
  void aegisDiagnosisRoundTrips() {
    AegisDiagnosis diagnosis = assertRoundTrip("crd/aegisdiagnosis.yaml", AegisDiagnosis.class);
    assertThat(diagnosis.getStatus().result.failures).hasSize(1);
  }

  @Test
  void aegisNodeHealthCheckRoundTrips() {
    AegisNodeHealthCheck check =
        assertRoundTrip("crd/aegisnodehealthcheck.yaml", AegisNodeHealthCheck.class);
    assertThat(check.getSpec().template.getSpec().getContainers()).hasSize(1);
    assertThat(check.getStatus().results.get("gpu")).hasSize(2);
  }

  @Test
  void aegisClusterHealthCheckRoundTrips() {
    AegisClusterHealthCheck check =
        assertRoundTrip("crd/aegisclusterhealthcheck.yaml", AegisClusterHealthCheck.class);
    assertThat(check.getSpec().timeout).isEqualTo(900);
  }

  @Test
  void misspelledDetialsKeyOfTheOriginalReadsIntoDetailsAndIsWrittenAsDetails() throws IOException {
    String yaml = fixture("crd/aegisalert-detials.yaml");

    AegisAlert alert = Serialization.unmarshal(yaml, AegisAlert.class);

    assertThat(alert.getSpec().details)
        .containsEntry("node", "dev1")
        .containsEntry("startAt", "2022021122");
    JsonNode written = AegisCrds.YAML.readTree(Serialization.asYaml(alert));
    assertThat(written.path("spec").has("detials")).isFalse();
    assertThat(written.path("spec").path("details").path("startAt").asText())
        .isEqualTo("2022021122");
  }

  @Test
  void schemaCheckFlagsWrongTypesEnumsAndFieldsTheServerWouldPrune() throws IOException {
    JsonNode alert =
        AegisCrds.YAML.readTree(
            "apiVersion: aegis.io/v1alpha1\nkind: AegisAlert\nmetadata: {name: a}\n"
                + "spec: {source: Nope, detials: {a: b}, involvedObject: {name: 7}}\n"
                + "status: {count: many}\n");

    assertThat(CrdSchemas.violations(alert, schemaOf(AegisAlert.class)))
        .containsExactlyInAnyOrder(
            ".spec.source: \"Nope\" is not one of [\"AI\",\"Alertmanager\",\"CloudEvent\",\"Default\","
                + "\"HealthCheck\"]",
            ".spec.detials: not in the schema (a real API server prunes it)",
            ".spec.involvedObject.name: expected string, got NUMBER",
            ".status.count: expected integer, got STRING");
  }

  private static JsonNode schemaOf(Class<? extends HasMetadata> kind) throws IOException {
    return AegisCrds.YAML
        .readTree(AegisCrds.committedForm(kind))
        .path("spec")
        .path("versions")
        .get(0)
        .path("schema")
        .path("openAPIV3Schema");
  }

  private static <T extends HasMetadata> T assertRoundTrip(String resource, Class<T> kind) {
    try {
      String yaml = fixture(resource);
      JsonNode input = AegisCrds.YAML.readTree(yaml);
      T object = Serialization.unmarshal(yaml, kind);
      JsonNode output = AegisCrds.YAML.readTree(Serialization.asYaml(object));

      assertThat(output).as("%s read and written again", resource).isEqualTo(input);
      assertThat(CrdSchemas.violations(input, schemaOf(kind)))
          .as("%s against its CRD", resource)
          .isEmpty();
      return object;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String fixture(String resource) throws IOException {
    try (InputStream in = CrdRoundTripTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
