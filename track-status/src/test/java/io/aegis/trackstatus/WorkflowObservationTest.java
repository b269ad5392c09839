package io.aegis.trackstatus;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.json.Json;
import io.aegis.trackstatus.WorkflowObservation.Phase;
import org.junit.jupiter.api.Test;

class WorkflowObservationTest {
  static WorkflowObservation fixture(String name) {
    return Json.read(TestWorkflows.bytes(name), WorkflowObservation.class, name);
  }

  @Test
  void readsPhaseTimesAndMessageOfArealWorkflowSkippingNodesAndManagedFields() {
    WorkflowObservation wf = fixture("failed");
    assertThat(wf.isWorkflow()).isTrue();
    assertThat(wf.hasName()).isTrue();
    assertThat(wf.phase()).isEqualTo(Phase.Failed);
    assertThat(wf.message()).isEqualTo("Error (exit code 1)");
    assertThat(wf.startedAt()).isEqualTo("2025-03-14T09:26:40Z");
    assertThat(wf.finishedAt()).isEqualTo("2025-03-14T09:26:50Z");
    assertThat(wf.metadata().resourceVersion()).isEqualTo("1849");
  }

  @Test
  void aJustCreatedWorkflowHasNoPhaseYet() {
    WorkflowObservation wf = fixture("added");
    assertThat(wf.phase()).isEqualTo(Phase.NONE);
    assertThat(wf.finishedAt()).isNull();
  }

  @Test
  void theAlertComesFromTheLabelOfAManagedWorkflow() {
    assertThat(fixture("running").alertName()).contains("default-nodehasemergencyevent-9njt4");
    assertThat(fixture("running").controllerAlert())
        .hasValueSatisfying(
            o -> assertThat(o.uid()).isEqualTo("3f6c2a1e-8d4b-4f7a-9c21-5b0e7d9a4c11"));
  }

  @Test
  void unmanagedWorkflowsNameNoAlert() {
    assertThat(fixture("unmanaged").alertName()).isEmpty();
  }

  @Test
  void theControllerOwnerReferenceNamesTheAlertWhenLabelsWereStripped() {
    var node = TestWorkflows.tree("running");
    node.with("metadata").with("labels").remove("aegis.io/alert");
    WorkflowObservation wf = Json.MAPPER.convertValue(node, WorkflowObservation.class);
    assertThat(wf.alertName()).contains("default-nodehasemergencyevent-9njt4");
  }

  @Test
  void anUnknownFuturePhaseIsNotActedOn() {
    assertThat(Phase.parse("Paused")).isEqualTo(Phase.NONE);
  }
}
