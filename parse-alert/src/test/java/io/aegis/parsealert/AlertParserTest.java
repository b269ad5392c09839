package io.aegis.parsealert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.kernel.crd.AlertSource;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.aegis.kernel.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertParserTest {

  @Test
  void A04_kindAndNameAreReadInAnyLetterCase() {
    Alert upper = custom(TestAlerts.readme());
    Alert lower =
        custom(TestAlerts.readme().replace("\"Kind\"", "\"kind\"").replace("\"Name\"", "\"name\""));

    assertThat(upper).isEqualTo(lower);
    assertThat(upper.kind()).isEqualTo("Node");
    assertThat(upper.name()).isEqualTo("dev1");
    assertThat(upper.node()).as("a Node alert is on its node").isEqualTo("dev1");
    assertThat(upper.status()).isEqualTo(AlertStatus.Firing);
    assertThat(upper.fingerprint()).isEqualTo(TestAlerts.README_FINGERPRINT);
  }

  @Test
  void theMisspelledDetialsKeyOfTheOriginalIsAccepted() {
    Alert alert = custom(TestAlerts.readme().replace("\"details\"", "\"detials\""));

    assertThat(alert.details()).containsEntry("startAt", "2022021122");
  }

  @Test
  void statusIsCaseInsensitiveAndKindIsCanonical() {
    Alert alert =
        custom(
            "{\"type\":\"T\",\"status\":\"RESOLVED\",\"involvedObject\":{\"kind\":\"pod\",\"name\":\"p\",\"namespace\":\"n\"}}");

    assertThat(alert.status()).isEqualTo(AlertStatus.Resolved);
    assertThat(alert.kind()).isEqualTo("Pod");
    assertThat(alert.node()).as("looked up later").isEmpty();
  }

  @Test
  void A06_everyInvalidFieldIsNamedInOneMessage() {
    assertThatThrownBy(
            () -> custom("{\"status\":\"active\",\"involvedObject\":{\"kind\":\"Pod\"}}"))
        .isInstanceOfSatisfying(
            AegisException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT);
              assertThat(e.getMessage())
                  .contains("type is required")
                  .contains("status must be Firing or Resolved, got \"active\"")
                  .contains("involvedObject.name is required")
                  .contains("involvedObject.namespace is required for a Pod");
            });
  }

  @Test
  void aBodyThatIsNotAnObjectIsInvalid() {
    assertThatThrownBy(() -> custom("[1,2]"))
        .isInstanceOf(AegisException.class)
        .hasMessageContaining("JSON object");
  }

  @Test
  void A19_generatedFingerprintDependsOnTypeObjectAndDetailsButNotTheirOrder() {
    Alert a = custom(TestAlerts.alert("T").detail("x", "1").detail("y", "2").json());
    Alert sameReordered = custom(TestAlerts.alert("T").detail("y", "2").detail("x", "1").json());
    Alert otherDetail = custom(TestAlerts.alert("T").detail("x", "1").detail("y", "3").json());
    Alert otherObject =
        custom(
            TestAlerts.alert("T")
                .object("Node", "dev2", null)
                .detail("x", "1")
                .detail("y", "2")
                .json());

    assertThat(a.fingerprint()).matches("[0-9a-f]{16}").isEqualTo(sameReordered.fingerprint());
    assertThat(a.fingerprint()).isNotEqualTo(otherDetail.fingerprint());
    assertThat(a.fingerprint()).isNotEqualTo(otherObject.fingerprint());
  }

  @Test
  void A13_alertmanagerItemMapsLabelsAnnotationsAndFingerprint() {
    AlertParser.Batch batch = alertmanager(TestWiring.fixture("alertmanager/one-firing.json"));

    assertThat(batch.problems()).isEmpty();
    assertThat(batch.alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.source()).isEqualTo(AlertSource.Alertmanager);
              assertThat(a.type()).isEqualTo("NodeOutOfDiskSpace");
              assertThat(a.status()).isEqualTo(AlertStatus.Firing);
              assertThat(a.kind()).isEqualTo("Node");
              assertThat(a.name()).isEqualTo("odysseus004");
              assertThat(a.fingerprint()).isEqualTo("b4c2f3a1d0e9f8a7");
              assertThat(a.details())
                  .containsEntry("description", "Node odysseus004 has less than 5% disk space left")
                  .containsEntry("node", "odysseus004");
            });
  }

  @Test
  void alertmanagerKindIsInferredAndNameFallsBackInOrder() {
    String payload =
        """
        {"alerts": [
          {"status": "firing", "labels": {"alertname": "A", "pod": "p", "namespace": "ns", "node": "n1"}},
          {"status": "firing", "labels": {"alertname": "B", "node": "n2", "namespace": "monitoring"}},
          {"status": "firing", "labels": {"alertname": "C", "kind": "Job", "instance": "i", "job": "j"}},
          {"status": "firing", "labels": {"alertname": "D", "kind": "Service", "job": "j"}},
          {"status": "firing", "labels": {"alertname": "E", "kind": "Pod", "involved_object_name": "x", "namespace": "ns"}}
        ]}
        """;
    AlertParser.Batch batch = alertmanager(payload);

    assertThat(batch.problems()).isEmpty();
    assertThat(batch.alerts())
        .extracting(Alert::kind, Alert::name, Alert::namespace, Alert::node)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Pod", "p", "ns", "n1"),
            org.assertj.core.groups.Tuple.tuple("Node", "n2", "", "n2"),
            org.assertj.core.groups.Tuple.tuple("Job", "i", "", ""),
            org.assertj.core.groups.Tuple.tuple("Service", "j", "", ""),
            org.assertj.core.groups.Tuple.tuple("Pod", "x", "ns", ""));
  }

  @Test
  void A14_alertmanagerItemsFailIndependentlyWithTheirIndex() {
    String payload =
        """
        {"alerts": [
          {"status": "firing", "labels": {"alertname": "A", "node": "n1"}},
          {"status": "pending", "labels": {"alertname": "B", "node": "n1"}},
          "not an object",
          {"status": "firing", "labels": {"alertname": "C"}}
        ]}
        """;
    AlertParser.Batch batch = alertmanager(payload);

    assertThat(batch.alerts()).extracting(Alert::type).containsExactly("A");
    assertThat(batch.problems())
        .containsExactly(
            "alerts[1]: status must be Firing or Resolved, got \"pending\"",
            "alerts[2]: must be a JSON object",
            "alerts[3]: labels.involved_object_name (or pod, node, instance, job) is required");
  }

  @Test
  void alertmanagerAlertWithoutFingerprintGetsAGeneratedOne() {
    AlertParser.Batch batch =
        alertmanager(
            "{\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\",\"node\":\"n\"}}]}");

    assertThat(batch.alerts().get(0).fingerprint()).matches("[0-9a-f]{16}");
  }

  @Test
  void aPayloadWithoutAlertsIsNotAnAlertmanagerPayload() {
    assertThatThrownBy(() -> alertmanager("{\"status\":\"firing\"}"))
        .isInstanceOf(AegisException.class)
        .hasMessageContaining("\"alerts\" must be an array");
  }

  @Test
  void nonStringDetailScalarsAreKeptAsText() {
    Alert alert =
        custom(
            "{\"type\":\"T\",\"status\":\"Firing\",\"involvedObject\":{\"kind\":\"Node\",\"name\":\"n\"},"
                + "\"details\":{\"gpu\":3,\"ok\":true,\"gone\":null}}");

    assertThat(alert.details()).isEqualTo(Map.of("gpu", "3", "ok", "true"));
  }

  private static Alert custom(String json) {
    return AlertParser.custom(tree(json), AlertSource.Default);
  }

  private static AlertParser.Batch alertmanager(String json) {
    return AlertParser.alertmanager(tree(json), AlertSource.Alertmanager);
  }

  private static JsonNode tree(String json) {
    return Json.tree(json.getBytes(StandardCharsets.UTF_8), "test");
  }
}
