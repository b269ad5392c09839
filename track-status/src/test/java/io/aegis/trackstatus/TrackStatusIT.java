package io.aegis.trackstatus;

import static io.aegis.kernel.testing.CloudEventsHttp.ceHeaderNames;
import static io.aegis.kernel.testing.CloudEventsHttp.header;
import static io.aegis.trackstatus.Fixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.OpsStatus;
import io.aegis.kernel.events.AlertFinished;
import io.aegis.kernel.events.EventTypes;
import io.aegis.kernel.json.Json;
import io.aegis.kernel.testing.CloudEventsHttp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * track-status over real HTTP: Workflow events shaped exactly as Knative's ApiServerSource
 * (Resource mode) sends them through the broker, in binary and in structured mode, against the
 * application with fabric8's mock API server. The alert/rule/template state render-submit leaves
 * behind is set up directly.
 */
class TrackStatusIT extends AppHttpBase {

  /** A Workflow event exactly as the ApiServerSource emits it (KNATIVE-NOTES §1.2). */
  static CloudEventsHttp.Event workflowEvent(String type, byte[] workflow) {
    JsonNode metadata = Json.tree(workflow, "workflow").path("metadata");
    String name = metadata.path("name").asText();
    String namespace = metadata.path("namespace").asText();
    return CloudEventsHttp.event(type)
        .source(Fixtures.API_SERVER)
        .subject("/apis/argoproj.io/v1alpha1/namespaces/" + namespace + "/workflows/" + name)
        .extension("kind", "Workflow")
        .extension("apiversion", "argoproj.io/v1alpha1")
        .extension("name", name)
        .extension("namespace", namespace)
        .extension("knativearrivaltime", "2025-03-14T09:26:51.402Z")
        .data(new String(workflow, StandardCharsets.UTF_8));
  }

  static CloudEventsHttp.Event update(String phase, AegisAlert alert) {
    return workflowEvent(EventTypes.APISERVER_UPDATE, TestWorkflows.forAlert(phase, alert));
  }

  static AlertFinished assertFinishedReply(HttpResponse<String> response, AegisAlert alert) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(header(response, "Ce-Type")).contains(AlertFinished.TYPE);
    assertThat(header(response, "Ce-Source")).contains("/aegis/track-status");
    assertThat(header(response, "Ce-Subject")).contains(NS + "/" + alert.getMetadata().getName());
    assertThat(header(response, "Ce-Id")).isPresent();
    return Json.read(
        response.body().getBytes(StandardCharsets.UTF_8), AlertFinished.class, "reply data");
  }

  AegisAlert alert(String name) {
    return Fixtures.alert(client, name);
  }

  @Test
  void A21_runningThenSucceededShowsOnTheAlertAndCountsOnTheTemplate_binaryMode() {
    readmeWalkthroughStatusHalf("a21-binary", http::binary);
  }

  @Test
  void A21_runningThenSucceededShowsOnTheAlertAndCountsOnTheTemplate_structuredMode() {
    readmeWalkthroughStatusHalf("a21-structured", http::structured);
  }

  void readmeWalkthroughStatusHalf(
      String name, Function<CloudEventsHttp.Event, HttpResponse<String>> send) {
    AegisAlert alert = Fixtures.triggeredAlert(client, name);

    assertNoReply(
        send.apply(
            workflowEvent(EventTypes.APISERVER_ADD, TestWorkflows.forAlert("added", alert))));
    assertThat(alert(name).getStatus().opsStatus.alertOpsStatus).isEqualTo(OpsStatus.Pending);

    assertNoReply(send.apply(update("running", alert)));
    assertThat(alert(name).getStatus().opsStatus.alertOpsStatus).isEqualTo(OpsStatus.Running);
    assertThat(alert(name).getStatus().opsStatus.startTime).isEqualTo("2025-03-14T09:26:40Z");

    AlertFinished finished = assertFinishedReply(send.apply(update("succeeded", alert)), alert);

    AegisAlert done = alert(name);
    assertThat(done.getStatus().opsStatus.alertOpsStatus).isEqualTo(OpsStatus.Succeeded);
    assertThat(done.getStatus().conditions)
        .anySatisfy(
            c -> {
              assertThat(c.type).isEqualTo("Complete");
              assertThat(c.status).isEqualTo("True");
            });
    assertThat(done.getStatus().opsStatus.total).isEqualTo(1);
    assertThat(done.getStatus().opsStatus.succeeded).isEqualTo(1);
    assertThat(done.getStatus().opsStatus.completionTime).isEqualTo("2025-03-14T09:26:51Z");
    assertThat(Fixtures.templateCounts(client, name).succeeded).isEqualTo(1);
    assertThat(Fixtures.ruleCounts(client, name).succeeded).isEqualTo(1);
    assertThat(finished.outcome()).isEqualTo("Succeeded");
    assertThat(finished.alert().name()).isEqualTo(name);
    assertThat(finished.alert().uid()).isEqualTo(alert.getMetadata().getUid());
    assertThat(finished.workflow().name()).isEqualTo(TestWorkflows.workflowOf(name));
  }

  @Test
  void A30_workflowFailedFailsTheAlertWithTheWorkflowsMessage() {
    AegisAlert alert = Fixtures.triggeredAlert(client, "a30");
    assertNoReply(http.binary(update("running", alert)));

    AlertFinished finished = assertFinishedReply(http.binary(update("failed", alert)), alert);

    AegisAlert failed = alert("a30");
    assertThat(failed.getStatus().opsStatus.alertOpsStatus).isEqualTo(OpsStatus.Failed);
    assertThat(failed.getStatus().opsStatus.failed).isEqualTo(1);
    assertThat(failed.getStatus().opsStatus.completionTime).isEqualTo("2025-03-14T09:26:50Z");
    assertThat(failed.getStatus().conditions)
        .anySatisfy(
            c -> {
              assertThat(c.type).isEqualTo("Failed");
              assertThat(c.status).isEqualTo("True");
              assertThat(c.reason).isEqualTo("WorkflowFailed");
              assertThat(c.message).isEqualTo("Error (exit code 1)");
            });
    assertThat(Fixtures.templateCounts(client, "a30").failed).isEqualTo(1);
    assertThat(Fixtures.templateCounts(client, "a30").succeeded).isZero();
    assertThat(finished.outcome()).isEqualTo("Failed");
    assertThat(finished.message()).isEqualTo("Error (exit code 1)");
  }

  @Test
  void A30_workflowErrorFailsTheAlertWithTheControllersMessage_structuredMode() {
    AegisAlert alert = Fixtures.triggeredAlert(client, "a30-error");

    assertFinishedReply(http.structured(update("error", alert)), alert);

    assertThat(alert("a30-error").getStatus().conditions)
        .anySatisfy(
            c -> {
              assertThat(c.type).isEqualTo("Failed");
              assertThat(c.reason).isEqualTo("WorkflowError");
              assertThat(c.message).contains("templates.start.container.image is required");
            });
    assertThat(Fixtures.templateCounts(client, "a30-error").failed).isEqualTo(1);
  }

  @Test
  void A31_workflowDeletedBeforeFinishingFailsTheAlertWithWorkflowDeleted() {
    AegisAlert alert = Fixtures.triggeredAlert(client, "a31");
    assertNoReply(http.binary(update("running", alert)));

    HttpResponse<String> response =
        http.binary(
            workflowEvent(EventTypes.APISERVER_DELETE, TestWorkflows.forAlert("running", alert)));

    AlertFinished finished = assertFinishedReply(response, alert);
    AegisAlert failed = alert("a31");
    assertThat(failed.getStatus().opsStatus.alertOpsStatus).isEqualTo(OpsStatus.Failed);
    assertThat(failed.getStatus().conditions)
        .anySatisfy(
            c -> {
              assertThat(c.type).isEqualTo("Failed");
              assertThat(c.reason).isEqualTo("WorkflowDeleted");
            });
    assertThat(finished.outcome()).isEqualTo("Failed");
    assertThat(Fixtures.templateCounts(client, "a31").failed).isEqualTo(1);
  }

  @Test
  void A31_workflowDeletedAfterFinishingIsArgosTtlAndChangesNothing() {
    AegisAlert alert = Fixtures.triggeredAlert(client, "a31-ttl");
    assertFinishedReply(http.binary(update("succeeded", alert)), alert);
    String resourceVersion = alert("a31-ttl").getMetadata().getResourceVersion();

    assertNoReply(
        http.binary(
            workflowEvent(
                EventTypes.APISERVER_DELETE, TestWorkflows.forAlert("succeeded", alert))));

    assertThat(alert("a31-ttl").getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
    assertThat(alert("a31-ttl").getStatus().opsStatus.alertOpsStatus)
        .isEqualTo(OpsStatus.Succeeded);
  }

  @Test
  void A33_sameWorkflowEventTwiceCountsAndRepliesOnce() {
    AegisAlert alert = Fixtures.triggeredAlert(client, "a33-twice");
    CloudEventsHttp.Event event = update("succeeded", alert);

    assertFinishedReply(http.binary(event), alert);
    assertNoReply(http.binary(event));
    // A new notification of the same state has a new id (KNATIVE-NOTES §1.2): still nothing.
    assertNoReply(http.structured(update("succeeded", alert)));

    assertThat(Fixtures.templateCounts(client, "a33-twice").succeeded).isEqualTo(1);
    assertThat(Fixtures.ruleCounts(client, "a33-twice").succeeded).isEqualTo(1);
    assertThat(alert("a33-twice").getStatus().opsStatus.succeeded).isEqualTo(1);
  }

  @Test
  void A33_sameWorkflowEventConcurrentlyCountsAndRepliesOnce() throws Exception {
    AegisAlert alert = Fixtures.triggeredAlert(client, "a33-concurrent");
    CloudEventsHttp.Event event = update("failed", alert);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        boolean binary = i % 2 == 0;
        Callable<HttpResponse<String>> call =
            () -> {
              start.await();
              return binary ? http.binary(event) : http.structured(event);
            };
        calls.add(pool.submit(call));
      }
      start.countDown();
      int replies = 0;
      for (Future<HttpResponse<String>> call : calls) {
        HttpResponse<String> response = call.get();
        if (response.statusCode() == 200) {
          assertFinishedReply(response, alert);
          replies++;
        } else {
          assertNoReply(response);
        }
      }
      assertThat(replies).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(Fixtures.templateCounts(client, "a33-concurrent").failed).isEqualTo(1);
    assertThat(Fixtures.ruleCounts(client, "a33-concurrent").failed).isEqualTo(1);
    assertThat(alert("a33-concurrent").getStatus().opsStatus.failed).isEqualTo(1);
  }

  @Test
  void A33_lateRunningEventAfterTheFinishChangesNothing() {
    AegisAlert alert = Fixtures.triggeredAlert(client, "a33-late");
    assertFinishedReply(http.binary(update("succeeded", alert)), alert);

    assertNoReply(http.binary(update("running", alert)));

    assertThat(alert("a33-late").getStatus().opsStatus.alertOpsStatus)
        .isEqualTo(OpsStatus.Succeeded);
  }

  @Test
  void workflowsNotStartedByAegisAreAcknowledgedAndIgnored() {
    for (HttpResponse<String> response :
        List.of(
            http.binary(
                workflowEvent(EventTypes.APISERVER_UPDATE, TestWorkflows.bytes("unmanaged"))),
            http.structured(
                workflowEvent(EventTypes.APISERVER_DELETE, TestWorkflows.bytes("unmanaged"))))) {
      assertNoReply(response);
    }
  }

  @Test
  void anEventBeforeRenderSubmitMarkedTheAlertTriggeredIsAnsweredWith503ForRedelivery() {
    AegisAlert alert = Fixtures.recordedAlert(client, "early");

    HttpResponse<String> response = http.binary(update("running", alert));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(ceHeaderNames(response)).isEmpty();
    assertThat(alert("early").getStatus().opsStatus).isNull();
  }

  @Test
  void aWorkflowEventWhoseDataIsNotAnObjectIs400() {
    HttpResponse<String> response =
        http.binary(
            CloudEventsHttp.event(EventTypes.APISERVER_UPDATE)
                .source(Fixtures.API_SERVER)
                .extension("kind", "Workflow")
                .extension("apiversion", "argoproj.io/v1alpha1")
                .extension("name", "x")
                .extension("namespace", NS)
                .data("[\"not\", \"a\", \"workflow\"]"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(ceHeaderNames(response)).isEmpty();
  }
}
