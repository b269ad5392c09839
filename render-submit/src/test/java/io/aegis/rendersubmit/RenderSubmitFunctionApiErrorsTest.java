package io.aegis.rendersubmit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegis.kernel.cloudevents.InboundEvent;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisOpsTemplate;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.aegis.kernel.events.AlertMatched;
import io.aegis.kernel.events.ResourceRef;
import io.aegis.kernel.json.Json;
import io.aegis.kernel.kube.StatusWriter;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How API failures while creating the workflow are classified: a rejection (4xx) is final and
 * recorded as {@code TriggerFailed}; an unavailable API server (5xx) is transient and left to the
 * broker's redelivery. Uses the mock server in expectation mode, since CRUD mode never fails.
 */
@EnableKubernetesMockClient
class RenderSubmitFunctionApiErrorsTest {
  static final String ALERTS = "/apis/aegis.io/v1alpha1/namespaces/monitoring/aegisalerts/";
  static final String WORKFLOWS = "/apis/argoproj.io/v1alpha1/namespaces/monitoring/workflows";

  KubernetesMockServer server;
  KubernetesClient client;
  RenderSubmitFunction function;
  AegisAlert alert;

  @BeforeEach
  void setUp() {
    // No client-side retries of 5xx: the broker's redelivery is the retry.
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(this.client.getConfiguration())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build();
    function =
        new RenderSubmitFunction(
            client,
            new StatusWriter(client, Clock.systemUTC()),
            new RenderSubmitProperties(Duration.ofSeconds(2), 262144, 1048576, true, null));
    alert = TestAlerts.readme();
    alert.getMetadata().setResourceVersion("7");
    alert.getStatus().conditions = new ArrayList<>();
    AegisOpsTemplate template = TestTemplates.readme(TestAlerts.NAMESPACE);
    template.getMetadata().setResourceVersion("3");
    server.expect().get().withPath(ALERTS + TestAlerts.README_NAME).andReturn(200, alert).always();
    server
        .expect()
        .get()
        .withPath(
            "/apis/aegis.io/v1alpha1/namespaces/monitoring/aegisopstemplates/nodehasemergencyevent")
        .andReturn(200, template)
        .always();
    server
        .expect()
        .patch()
        .withPath(
            "/apis/aegis.io/v1alpha1/namespaces/monitoring/aegisopstemplates/nodehasemergencyevent/status")
        .andReturn(200, template)
        .always();
    server
        .expect()
        .patch()
        .withPath(ALERTS + TestAlerts.README_NAME + "/status")
        .andReturn(200, alert)
        .always();
  }

  InboundEvent matched() {
    ResourceRef a =
        new ResourceRef("monitoring", TestAlerts.README_NAME, alert.getMetadata().getUid());
    AlertMatched data =
        new AlertMatched(
            a,
            ResourceRef.of("monitoring", "r"),
            ResourceRef.of("monitoring", "nodehasemergencyevent"));
    return new InboundEvent(
        "1",
        AlertMatched.TYPE,
        "/aegis/match-rule",
        a.subject(),
        "application/json",
        Map.of(),
        Json.write(data));
  }

  List<RecordedRequest> requests() throws InterruptedException {
    List<RecordedRequest> out = new ArrayList<>();
    for (RecordedRequest r; (r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null; ) {
      out.add(r);
    }
    return out;
  }

  @Test
  void aRejectedWorkflowMarksTheAlertTriggerFailedWithTheReason() throws Exception {
    server
        .expect()
        .post()
        .withPath(WORKFLOWS)
        .andReturn(
            403,
            new StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage("workflows.argoproj.io is forbidden: User cannot create")
                .build())
        .once();

    assertThat(function.apply(matched())).isEmpty();

    List<RecordedRequest> patches =
        requests().stream()
            .filter(r -> r.getMethod().equals("PATCH") && r.getPath().startsWith(ALERTS))
            .toList();
    assertThat(patches)
        .singleElement()
        .satisfies(
            r -> {
              String body = r.getBody().readUtf8();
              assertThat(body).contains("TriggerFailed").contains("403").contains("is forbidden");
            });
  }

  @Test
  void anUnavailableApiServerIsTransientAndWritesNothing() throws Exception {
    server.expect().post().withPath(WORKFLOWS).andReturn(503, "unavailable").always();

    assertThatThrownBy(() -> function.apply(matched()))
        .isInstanceOfSatisfying(
            AegisException.class, e -> assertThat(e.reason()).isEqualTo(Reason.API_UNAVAILABLE));

    assertThat(requests())
        .noneMatch(r -> r.getMethod().equals("PATCH") && r.getPath().startsWith(ALERTS));
  }
}
