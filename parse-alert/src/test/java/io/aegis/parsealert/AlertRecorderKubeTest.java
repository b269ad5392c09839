package io.aegis.parsealert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AlertOpsStatus;
import io.aegis.kernel.crd.AlertSource;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.crd.OpsStatus;
import io.aegis.kernel.crd.TriggerStatus;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.aegis.kernel.kube.Names;
import io.aegis.kernel.kube.StatusWriter;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The recorder against the in-memory API server, without HTTP. */
class AlertRecorderKubeTest {
  private static final String NS = "recorder-test";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC);

  private final KubernetesClient kube = TestWiring.KUBE.server().createClient();
  private final AlertRecorder recorder =
      new AlertRecorder(kube, new StatusWriter(kube, CLOCK), CLOCK, properties(NS));

  @AfterEach
  void cleanUp() {
    kube.resources(AegisAlert.class).inNamespace(NS).delete();
    kube.close();
  }

  @Test
  void aNameTakenByAnotherFingerprintMovesToTheNextEpisodeName() {
    Alert alert = alert("fp-1", AlertStatus.Firing);
    AegisAlert squatter =
        Episodes.build(alert("fp-other", AlertStatus.Firing), 1, "", NS, Map.of());
    squatter.getMetadata().setName(Episodes.name(alert, 1));
    kube.resource(squatter).create();

    List<AlertRecorder.Recorded> recorded = recorder.record(alert);

    assertThat(recorded).singleElement().satisfies(r -> assertThat(r.created()).isTrue());
    AegisAlert created = recorded.get(0).alert();
    assertThat(created.getMetadata().getName()).isNotEqualTo(squatter.getMetadata().getName());
    assertThat(created.getSpec().fingerprint).isEqualTo("fp-1");
    assertThat(created.getMetadata().getLabels()).containsEntry("aegis.io/episode", "2");
    assertThat(created.getStatus().count).isEqualTo(1);
    assertThat(created.getStatus().startTime).isEqualTo("2024-05-01T10:00:00Z");
  }

  @Test
  void resolveMarksEveryEpisodeStillFiringAndReannouncesWhenAlreadyResolved() {
    recorder.record(alert("fp-2", AlertStatus.Firing));

    List<AlertRecorder.Recorded> first = recorder.record(alert("fp-2", AlertStatus.Resolved));
    List<AlertRecorder.Recorded> again = recorder.record(alert("fp-2", AlertStatus.Resolved));

    assertThat(first)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.alert().getStatus().status).isEqualTo(AlertStatus.Resolved);
              assertThat(r.alert().getStatus().resolvedTime).isEqualTo("2024-05-01T10:00:00Z");
              assertThat(r.announce()).isTrue();
            });
    assertThat(again)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.alert().getMetadata().getResourceVersion())
                    .isEqualTo(first.get(0).alert().getMetadata().getResourceVersion()));
  }

  @Test
  void afterTheLatestEpisodeWasDeletedTheNumberingRestarts() {
    AegisAlert first = recorder.record(alert("fp-3", AlertStatus.Firing)).get(0).alert();
    kube.resource(first).delete();

    AegisAlert second = recorder.record(alert("fp-3", AlertStatus.Firing)).get(0).alert();

    assertThat(second.getMetadata().getName()).isEqualTo(first.getMetadata().getName());
    assertThat(second.getStatus().count).isEqualTo(1);
  }

  @Test
  void aFingerprintThatIsNotALabelValueIsLabelledWithItsHash() {
    AegisAlert alert =
        recorder.record(alert("id: 42 / disk full", AlertStatus.Firing)).get(0).alert();

    assertThat(alert.getSpec().fingerprint).isEqualTo("id: 42 / disk full");
    assertThat(alert.getMetadata().getLabels().get("fingerprint"))
        .isEqualTo(Names.fingerprintLabel("id: 42 / disk full"));
    assertThat(
            recorder
                .record(alert("id: 42 / disk full", AlertStatus.Firing))
                .get(0)
                .alert()
                .getStatus()
                .count)
        .isEqualTo(2);
  }

  @Test
  void aNewAlertIsThreeRequestsAndARepeatOneWithTheEpisodeHint() {
    int before = requests();
    recorder.record(alert("fp-5", AlertStatus.Firing));
    int created = requests();
    recorder.record(alert("fp-5", AlertStatus.Firing));
    int repeated = requests();

    assertThat(created - before).as("list, create, status patch").isEqualTo(3);
    assertThat(repeated - created).as("one patch guarded by the hint").isEqualTo(1);
    assertThat(onlyAlert().getStatus().count).isEqualTo(2);
  }

  @Test
  void withoutAHintARepeatIsAListAndOnePatch() {
    recorder.record(alert("fp-6", AlertStatus.Firing));
    AlertRecorder restarted =
        new AlertRecorder(kube, new StatusWriter(kube, CLOCK), CLOCK, properties(NS));
    AlertRecorder noHints =
        new AlertRecorder(kube, new StatusWriter(kube, CLOCK), CLOCK, properties(NS, 0));

    int before = requests();
    restarted.record(alert("fp-6", AlertStatus.Firing));
    int afterRestart = requests();
    noHints.record(alert("fp-6", AlertStatus.Firing));
    noHints.record(alert("fp-6", AlertStatus.Firing));

    assertThat(afterRestart - before).isEqualTo(2);
    assertThat(requests() - afterRestart).as("hints off: list + patch, twice").isEqualTo(4);
    assertThat(onlyAlert().getStatus().count).isEqualTo(4);
  }

  @Test
  void aHintMadeStaleByAnotherWriterCostsOneRequestAndLosesNothing() {
    AegisAlert first = recorder.record(alert("fp-7", AlertStatus.Firing)).get(0).alert();
    AegisAlert changed =
        kube.resources(AegisAlert.class)
            .inNamespace(NS)
            .withName(first.getMetadata().getName())
            .get();
    changed.getStatus().opsStatus = new AlertOpsStatus();
    changed.getStatus().opsStatus.triggerStatus = TriggerStatus.RuleNotFound;
    kube.resource(changed).updateStatus();

    int before = requests();
    List<AlertRecorder.Recorded> repeat = recorder.record(alert("fp-7", AlertStatus.Firing));

    assertThat(requests() - before).as("409 on the hint, then list + patch").isEqualTo(3);
    assertThat(repeat).singleElement().satisfies(r -> assertThat(r.announce()).isFalse());
    AegisAlert stored = onlyAlert();
    assertThat(stored.getStatus().count).isEqualTo(2);
    assertThat(stored.getStatus().opsStatus.triggerStatus)
        .as("the other writer's change survives")
        .isEqualTo(TriggerStatus.RuleNotFound);
  }

  @Test
  void aHintNeverKeepsCountingOnAnEpisodeThatFinishedMeanwhile() {
    AegisAlert first = recorder.record(alert("fp-8", AlertStatus.Firing)).get(0).alert();
    AegisAlert finished =
        kube.resources(AegisAlert.class)
            .inNamespace(NS)
            .withName(first.getMetadata().getName())
            .get();
    finished.getStatus().opsStatus = new AlertOpsStatus();
    finished.getStatus().opsStatus.triggerStatus = TriggerStatus.Triggered;
    finished.getStatus().opsStatus.alertOpsStatus = OpsStatus.Succeeded;
    kube.resource(finished).updateStatus();

    List<AlertRecorder.Recorded> next = recorder.record(alert("fp-8", AlertStatus.Firing));

    assertThat(next).singleElement().satisfies(r -> assertThat(r.created()).isTrue());
    assertThat(next.get(0).alert().getMetadata().getLabels())
        .containsEntry("aegis.io/episode", "2");
    assertThat(
            kube.resources(AegisAlert.class)
                .inNamespace(NS)
                .withName(first.getMetadata().getName())
                .get()
                .getStatus()
                .count)
        .isEqualTo(1);
  }

  @Test
  void aRedeliveredEventIsCountedOnceAndSaysSo() {
    Alert alert = alert("fp-9", AlertStatus.Firing);
    AlertRecorder.Recorded first = recorder.record(alert, "src|id-1").get(0);
    AlertRecorder.Recorded again = recorder.record(alert, "src|id-1").get(0);
    AlertRecorder.Recorded other = recorder.record(alert, "src|id-2").get(0);

    assertThat(first.redelivery()).isFalse();
    assertThat(again.redelivery()).isTrue();
    assertThat(again.alert().getStatus().count).isEqualTo(1);
    assertThat(other.redelivery()).isFalse();
    assertThat(onlyAlert().getStatus().count).isEqualTo(2);
  }

  private static int requests() {
    return TestWiring.KUBE.server().getRequestCount();
  }

  private AegisAlert onlyAlert() {
    List<AegisAlert> all = kube.resources(AegisAlert.class).inNamespace(NS).list().getItems();
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  @Test
  void anUnreachableApiServerIsATransientFailure() {
    try (KubernetesClient down =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:1")
                    .withRequestRetryBackoffLimit(0)
                    .withConnectionTimeout(2000)
                    .build())
            .build()) {
      AlertRecorder unreachable =
          new AlertRecorder(down, new StatusWriter(down, CLOCK), CLOCK, properties(NS));

      assertThatThrownBy(() -> unreachable.record(alert("fp-4", AlertStatus.Firing)))
          .isInstanceOfSatisfying(
              AegisException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.API_UNAVAILABLE);
                assertThat(e.reason().isTransient()).isTrue();
              });
    }
  }

  private static Alert alert(String fingerprint, AlertStatus status) {
    return Alert.validated(
        AlertSource.Default,
        new Alert.Raw(
            "DiskFull", status.name(), "Node", "dev1", "", "", Map.of("a", "1"), fingerprint),
        Alert.Fields.CUSTOM);
  }

  private static ParseAlertProperties properties(String namespace) {
    return properties(namespace, 1024);
  }

  private static ParseAlertProperties properties(String namespace, int episodeCacheSize) {
    return new ParseAlertProperties(
        new ParseAlertProperties.Webhook("", DataSize.ofMegabytes(1)),
        new ParseAlertProperties.Alert(namespace, episodeCacheSize, Duration.ofSeconds(5)),
        Map.of());
  }
}
