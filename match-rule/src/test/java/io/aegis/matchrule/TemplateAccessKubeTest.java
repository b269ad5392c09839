package io.aegis.matchrule;

import static io.aegis.matchrule.TestRules.NS;
import static io.aegis.matchrule.TestRules.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.aegis.kernel.cloudevents.InboundEvent;
import io.aegis.kernel.cloudevents.Reply;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertOpsRule;
import io.aegis.kernel.crd.AlertOpsStatus;
import io.aegis.kernel.crd.TriggerStatus;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.events.AlertRecorded;
import io.aegis.kernel.events.EventTypes;
import io.aegis.kernel.json.Json;
import io.aegis.kernel.kube.StatusWriter;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Template reads that fail. Uses fabric8's mixed-mode mock (CRUD plus expectations) because the
 * kernel's KubeTestSupport is CRUD only and cannot answer 403 or 500 for one path.
 */
@EnableKubernetesMockClient(crud = true)
class TemplateAccessKubeTest {
  KubernetesClient client;
  KubernetesMockServer server;
  RuleCache cache;
  MatchRuleFunction function;

  @BeforeEach
  void setUp() {
    // No client-side retries of the 500s the expectations answer: the test is about our mapping.
    client =
        server.createClient(
            b ->
                b.withConfig(
                    new ConfigBuilder(client.getConfiguration())
                        .withRequestRetryBackoffLimit(0)
                        .build()));
    StatusWriter status = new StatusWriter(client, Clock.systemUTC());
    RuleValidation validation = new RuleValidation(client, status);
    cache = new RuleCache(client, MatchRuleProperties.defaults(), validation);
    function =
        new MatchRuleFunction(client, cache, validation, status, MatchRuleProperties.defaults());
  }

  @AfterEach
  void tearDown() {
    cache.close();
    client.close();
  }

  private void createRule(AegisAlertOpsRule rule) {
    String rv = client.resource(rule).create().getMetadata().getResourceVersion();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                cache
                    .resourceVersion(NS, rule.getMetadata().getName())
                    .filter(rv::equals)
                    .isPresent());
  }

  private Optional<Reply> deliver(AlertRecorded recorded) {
    return function.apply(
        new InboundEvent(
            "1",
            EventTypes.ALERT_RECORDED,
            "/test",
            null,
            "application/json",
            Map.of(),
            Json.write(recorded)));
  }

  private AlertOpsStatus ops(String name) {
    AegisAlert a = client.resources(AegisAlert.class).inNamespace(NS).withName(name).get();
    return a.getStatus() == null ? null : a.getStatus().opsStatus;
  }

  @Test
  void templateMatchRuleMayNotReadIsTemplateNotFoundNotARetry() {
    server
        .expect()
        .get()
        .withPath("/apis/aegis.io/v1alpha1/namespaces/locked/aegisopstemplates/t")
        .andReturn(403, Map.of("kind", "Status", "code", 403, "reason", "Forbidden"))
        .always();
    createRule(rule("locked-out").firing("Locked").template("locked", "t").build());
    AegisAlert alert = client.resource(TestAlerts.firing("a11", "Locked")).create();

    assertThat(deliver(TestAlerts.created(alert))).isEmpty();

    assertThat(ops("a11").triggerStatus).isEqualTo(TriggerStatus.TemplateNotFound);
    assertThat(ops("a11").message).contains("locked/t").contains("forbidden");
  }

  @Test
  void templateReadFailingOnTheServerSideIsTransient() {
    server
        .expect()
        .get()
        .withPath("/apis/aegis.io/v1alpha1/namespaces/flaky/aegisopstemplates/t")
        .andReturn(500, Map.of("kind", "Status", "code", 500))
        .always();
    createRule(rule("flaky-rule").firing("Flaky").template("flaky", "t").build());
    AegisAlert alert = client.resource(TestAlerts.firing("a12", "Flaky")).create();

    assertThatThrownBy(() -> deliver(TestAlerts.created(alert)))
        .isInstanceOf(AegisException.class)
        .extracting(e -> ((AegisException) e).reason().isTransient())
        .isEqualTo(true);
    assertThat(ops("a12")).isNull();
  }
}
