package io.aegis.matchrule;

import static io.aegis.matchrule.TestRules.NS;
import static io.aegis.matchrule.TestRules.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertOpsRule;
import io.aegis.kernel.crd.AlertOpsStatus;
import io.aegis.kernel.crd.Condition;
import io.aegis.kernel.crd.TriggerStatus;
import io.aegis.kernel.events.AlertMatched;
import io.aegis.kernel.events.AlertRecorded;
import io.aegis.kernel.events.EventTypes;
import io.aegis.kernel.json.Json;
import io.aegis.kernel.testing.CloudEventsHttp;
import io.aegis.kernel.testing.KubeTestSupport;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The acceptance cases of match-rule over real HTTP (binary and structured CloudEvents, canonical
 * header case) against the app, with the kernel's mock API server (CRUD mode, CRDs installed). Each
 * test uses its own alert types, so tests sharing the app and the API server do not see each
 * other's rules.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MatchRuleIT {
  static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  static final KubeTestSupport API = KubeTestSupport.start();

  @TestConfiguration
  static class MockApi {
    @Bean
    KubernetesClient kubernetesClient() {
      return API.client(); // closed with the server in stopApi()
    }

    @Bean
    Clock clock() {
      return Clock.fixed(NOW, ZoneOffset.UTC);
    }
  }

  @AfterAll
  static void stopApi() {
    API.close();
  }

  @LocalServerPort int port;
  @Autowired KubernetesClient client;
  @Autowired RuleCache cache;

  // --- helpers -----------------------------------------------------------------------------------

  private CloudEventsHttp http() {
    return CloudEventsHttp.to(port);
  }

  private <T extends HasMetadata> T create(T object) {
    return client.resource(object).create();
  }

  /** Creates a rule and waits until the informer cache holds it, as a real deployment would. */
  private AegisAlertOpsRule apply(AegisAlertOpsRule rule) {
    AegisAlertOpsRule created = create(rule);
    awaitCache(rule, created.getMetadata().getResourceVersion());
    return created;
  }

  /** A rule and its template (same name and namespace). */
  private void applyWithTemplate(AegisAlertOpsRule rule) {
    apply(rule);
    create(TestRules.opsTemplate(rule.getMetadata().getNamespace(), rule.getMetadata().getName()));
  }

  private void delete(AegisAlertOpsRule rule) {
    client.resource(rule).delete();
    awaitCache(rule, null);
  }

  private void awaitCache(AegisAlertOpsRule rule, String resourceVersion) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                Objects.equals(
                    resourceVersion,
                    cache
                        .resourceVersion(
                            rule.getMetadata().getNamespace(), rule.getMetadata().getName())
                        .orElse(null)));
  }

  private static CloudEventsHttp.Event recordedEvent(AlertRecorded recorded) {
    return CloudEventsHttp.event(EventTypes.ALERT_RECORDED)
        .source("/aegis/parse-alert")
        .subject(recorded.alert().subject())
        .jsonData(recorded);
  }

  private HttpResponse<String> sendBinary(AlertRecorded recorded) {
    return http().binary(recordedEvent(recorded));
  }

  private HttpResponse<String> sendStructured(AlertRecorded recorded) {
    return http().structured(recordedEvent(recorded));
  }

  private AegisAlert alert(String name) {
    return client.resources(AegisAlert.class).inNamespace(NS).withName(name).get();
  }

  private AlertOpsStatus ops(String name) {
    AegisAlert a = alert(name);
    return a.getStatus() == null ? null : a.getStatus().opsStatus;
  }

  private AegisAlertOpsRule storedRule(String name) {
    return client.resources(AegisAlertOpsRule.class).inNamespace(NS).withName(name).get();
  }

  /** Asserts "handled, no reply": 202 without any ce-* header. */
  private static void assertNoReply(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(CloudEventsHttp.looksLikeCloudEvent(response)).isFalse();
  }

  /** Asserts a matched reply for {@code alert} and returns its data. */
  private static AlertMatched assertMatched(HttpResponse<String> response, AegisAlert alert) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(CloudEventsHttp.header(response, "Ce-Type")).hasValue(AlertMatched.TYPE);
    assertThat(CloudEventsHttp.header(response, "Ce-Source")).hasValue("/aegis/match-rule");
    assertThat(CloudEventsHttp.header(response, "Ce-Subject"))
        .hasValue(NS + "/" + alert.getMetadata().getName());
    return Json.read(response.body().getBytes(StandardCharsets.UTF_8), AlertMatched.class, "reply");
  }

  private static Condition triggered(AegisAlert alert) {
    return alert.getStatus().conditions.stream()
        .filter(c -> "Triggered".equals(c.type))
        .findFirst()
        .orElseThrow();
  }

  private void assertNoOp(String alertName, TriggerStatus expected, String messagePart) {
    AegisAlert a = alert(alertName);
    AlertOpsStatus ops = a.getStatus().opsStatus;
    assertThat(ops.triggerStatus).isEqualTo(expected);
    assertThat(ops.message).contains(messagePart);
    assertThat(ops.completionTime).isEqualTo(NOW.toString());
    assertThat(ops.workflow).isNull();
    Condition c = triggered(a);
    assertThat(c.status).isEqualTo("False");
    assertThat(c.reason).isEqualTo(expected.name());
    assertThat(c.message).isEqualTo(ops.message);
  }

  // --- acceptance cases --------------------------------------------------------------------------

  @Test
  void A22_noMatchingRuleIsRuleNotFoundAndNothingIsTriggered() {
    applyWithTemplate(rule("a22-other").firing("A22SomethingElse").build());
    AegisAlert alert = create(TestAlerts.firing("a22-alert", "A22NoRuleForThis"));

    assertNoReply(sendBinary(TestAlerts.created(alert)));

    assertNoOp("a22-alert", TriggerStatus.RuleNotFound, "A22NoRuleForThis");
    assertThat(ops("a22-alert").rule).isNull();
  }

  @Test
  void A23_twoMatchingRulesWithEqualPriorityAreTooManyRulesFound() {
    applyWithTemplate(rule("a23-tie-one").firing("A23Tie").priority(1).build());
    applyWithTemplate(rule("a23-tie-two").firing("A23Tie.*").priority(1).build());
    AegisAlert alert = create(TestAlerts.firing("a23-tie", "A23Tie"));

    assertNoReply(sendStructured(TestAlerts.created(alert)));

    assertNoOp(
        "a23-tie",
        TriggerStatus.TooManyRulesFound,
        "monitoring/a23-tie-one, monitoring/a23-tie-two");
  }

  @Test
  void A23_ofRulesWithPriorities1And2ThePriority2RulesTemplateRuns() {
    applyWithTemplate(rule("a23-low").firing("A23Prio").priority(1).build());
    applyWithTemplate(rule("a23-high").firing("A23Prio").priority(2).build());
    AegisAlert alert = create(TestAlerts.firing("a23-prio", "A23Prio"));

    AlertMatched matched = assertMatched(sendStructured(TestAlerts.created(alert)), alert);

    assertThat(matched.rule().name()).isEqualTo("a23-high");
    assertThat(matched.template().subject()).isEqualTo("monitoring/a23-high");
    assertThat(matched.alert().uid()).isEqualTo(alert.getMetadata().getUid());
    assertThat(ops("a23-prio").rule).isEqualTo("monitoring/a23-high");
  }

  @Test
  void A24_ruleReferencingAMissingTemplateIsTemplateNotFound() {
    apply(rule("a24-rule").firing("A24Type").template("ops", "not-there").build());
    AegisAlert alert = create(TestAlerts.firing("a24-alert", "A24Type"));

    assertNoReply(sendBinary(TestAlerts.created(alert)));

    assertNoOp("a24-alert", TriggerStatus.TemplateNotFound, "ops/not-there");
    assertThat(ops("a24-alert").rule).isEqualTo("monitoring/a24-rule");
  }

  @Test
  void A26_regexMatchesWholeTypeExactTypeOnlyItselfAndResolvedRuleNotAFiringAlert() {
    Function<String, HttpResponse<String>> deliverNew =
        name -> {
          String type =
              name.startsWith("a26-dis") ? "NodeCriticalIssueDisappeared" : "NodeCriticalIssue";
          return sendBinary(TestAlerts.created(create(TestAlerts.firing(name, type))));
        };

    // 1. NodeCriticalIssue.* matches NodeCriticalIssue and NodeCriticalIssueDisappeared.
    AegisAlertOpsRule regex = apply(rule("a26-regex").firing("NodeCriticalIssue.*").build());
    create(TestRules.opsTemplate(NS, "a26-regex"));
    assertThat(deliverNew.apply("a26-issue-1").statusCode()).isEqualTo(200);
    assertThat(deliverNew.apply("a26-disappeared-1").statusCode()).isEqualTo(200);
    assertThat(ops("a26-issue-1").rule).isEqualTo("monitoring/a26-regex");
    assertThat(ops("a26-disappeared-1").rule).isEqualTo("monitoring/a26-regex");
    delete(regex);

    // 2. Plain NodeCriticalIssue matches only NodeCriticalIssue (the original matched both).
    AegisAlertOpsRule exact = apply(rule("a26-exact").firing("NodeCriticalIssue").build());
    create(TestRules.opsTemplate(NS, "a26-exact"));
    assertThat(deliverNew.apply("a26-issue-2").statusCode()).isEqualTo(200);
    assertNoReply(deliverNew.apply("a26-disappeared-2"));
    assertThat(ops("a26-issue-2").rule).isEqualTo("monitoring/a26-exact");
    assertThat(ops("a26-disappeared-2").triggerStatus).isEqualTo(TriggerStatus.RuleNotFound);
    delete(exact);

    // 3. A rule for status Resolved does not match a Firing alert.
    applyWithTemplate(rule("a26-resolved").when("A26Flapping", "Resolved").build());
    assertNoReply(
        sendBinary(TestAlerts.created(create(TestAlerts.firing("a26-firing", "A26Flapping")))));
    assertThat(ops("a26-firing").triggerStatus).isEqualTo(TriggerStatus.RuleNotFound);
  }

  @Test
  void A27_selectorOnNodeDev1TriggersForTheReadmeAlertAndRuleNotFoundForDev2() {
    applyWithTemplate(
        rule("nodehasemergencyevent")
            .firing("NodeHasEmergencyEvent")
            .matchLabels(Map.of("node", "dev1"))
            .build());
    AegisAlert dev1 = create(TestAlerts.readme("default-nodehasemergencyevent-a27d1"));
    AegisAlert dev2 =
        create(
            TestAlerts.onNode(
                "default-nodehasemergencyevent-a27d2", "NodeHasEmergencyEvent", "dev2"));

    AlertMatched matched = assertMatched(sendBinary(TestAlerts.created(dev1)), dev1);
    assertNoReply(sendBinary(TestAlerts.created(dev2)));

    assertThat(matched.rule().name()).isEqualTo("nodehasemergencyevent");
    assertThat(matched.template().subject()).isEqualTo("monitoring/nodehasemergencyevent");
    assertThat(ops("default-nodehasemergencyevent-a27d2").triggerStatus)
        .isEqualTo(TriggerStatus.RuleNotFound);
  }

  @Test
  void A20_ruleAppliedIsRecordedAndAnInvalidRuleSaysWhy() {
    AegisAlertOpsRule readme =
        create(rule("a20-readme").firing("NodeHasEmergencyEvent").template(NS, "a20").build());
    AegisAlertOpsRule invalid = create(rule("a20-invalid").firing("Node(").build());

    assertNoReply(http().binary(ruleEvent(EventTypes.APISERVER_ADD, readme)));
    assertNoReply(http().structured(ruleEvent(EventTypes.APISERVER_ADD, invalid)));

    AegisAlertOpsRule recorded = storedRule("a20-readme");
    assertThat(recorded.getStatus().status).isEqualTo("Recorded");
    assertThat(recorded.getStatus().message).isNull();
    AegisAlertOpsRule rejected = storedRule("a20-invalid");
    assertThat(rejected.getStatus().status).isEqualTo("Invalid");
    assertThat(rejected.getStatus().message)
        .startsWith("spec.alertConditions[0].type is not a valid regular expression");
    assertThat(rejected.getStatus().conditions)
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.type + "=" + c.status + "/" + c.reason)
                    .isEqualTo("Valid=False/Invalid"));

    // Leave no README-type rule behind for the other cases.
    delete(storedRule("a20-readme"));
    delete(storedRule("a20-invalid"));
  }

  @Test
  void apiServerEventsForOtherKindsAreAnsweredWithoutEffect() {
    CloudEventsHttp.Event workflow =
        CloudEventsHttp.event(EventTypes.APISERVER_UPDATE)
            .source("https://10.96.0.1:443")
            .subject("/apis/argoproj.io/v1alpha1/namespaces/monitoring/workflows/w1")
            .extension("kind", "Workflow")
            .extension("apiversion", "argoproj.io/v1alpha1")
            .extension("name", "w1")
            .extension("namespace", NS)
            .jsonData(Map.of("apiVersion", "argoproj.io/v1alpha1", "kind", "Workflow"));

    assertNoReply(http().binary(workflow));
  }

  @Test
  void malformedRecordedEventIsRejectedWithoutRetry() {
    HttpResponse<String> response =
        http().binary(CloudEventsHttp.event(EventTypes.ALERT_RECORDED).data("{not json"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(CloudEventsHttp.looksLikeCloudEvent(response)).isFalse();
  }

  @Test
  void A33_sameEventTwiceAndConcurrentlyChangesStateOnce() throws Exception {
    applyWithTemplate(rule("a33-rule").firing("A33Matched").build());

    // A no-op outcome: the second delivery writes nothing.
    AegisAlert lonely = create(TestAlerts.firing("a33-noop", "A33Lonely"));
    CloudEventsHttp.Event noOp = recordedEvent(TestAlerts.created(lonely));
    assertNoReply(http().binary(noOp));
    AegisAlert once = alert("a33-noop");
    assertNoReply(http().binary(noOp));
    assertThat(alert("a33-noop").getMetadata().getResourceVersion())
        .isEqualTo(once.getMetadata().getResourceVersion());

    // A match: the same reply (same id) twice, the alert written once.
    AegisAlert matched = create(TestAlerts.firing("a33-match", "A33Matched"));
    CloudEventsHttp.Event match = recordedEvent(TestAlerts.created(matched));
    HttpResponse<String> first = http().binary(match);
    String rv = alert("a33-match").getMetadata().getResourceVersion();
    HttpResponse<String> second = http().binary(match);
    assertMatched(first, matched);
    assertMatched(second, matched);
    assertThat(CloudEventsHttp.header(second, "Ce-Id"))
        .isEqualTo(CloudEventsHttp.header(first, "Ce-Id"));
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(alert("a33-match").getMetadata().getResourceVersion()).isEqualTo(rv);

    // Concurrently: the same end state as one delivery.
    AegisAlert raced = create(TestAlerts.firing("a33-race", "A33Lonely"));
    CloudEventsHttp.Event race = recordedEvent(TestAlerts.created(raced));
    List<HttpResponse<String>> answers = concurrently(() -> http().binary(race), 2);
    answers.forEach(MatchRuleIT::assertNoReply);
    AegisAlert after = alert("a33-race");
    assertThat(after.getStatus().opsStatus.triggerStatus).isEqualTo(TriggerStatus.RuleNotFound);
    assertThat(after.getStatus().opsStatus.completionTime).isEqualTo(NOW.toString());
    assertThat(after.getStatus().conditions).hasSize(1);
    String settled = after.getMetadata().getResourceVersion();
    assertNoReply(http().binary(race));
    assertThat(alert("a33-race").getMetadata().getResourceVersion()).isEqualTo(settled);

    // A rule event twice: recorded once.
    AegisAlertOpsRule fresh = create(rule("a33-fresh").firing("A33Fresh").build());
    CloudEventsHttp.Event added = ruleEvent(EventTypes.APISERVER_ADD, fresh);
    assertNoReply(http().binary(added));
    String ruleRv = storedRule("a33-fresh").getMetadata().getResourceVersion();
    assertNoReply(http().binary(added));
    assertThat(storedRule("a33-fresh").getMetadata().getResourceVersion()).isEqualTo(ruleRv);
    assertThat(storedRule("a33-fresh").getStatus().status).isEqualTo("Recorded");
  }

  private static CloudEventsHttp.Event ruleEvent(String type, AegisAlertOpsRule rule) {
    String ns = rule.getMetadata().getNamespace();
    String name = rule.getMetadata().getName();
    JsonNode data = Json.MAPPER.valueToTree(rule);
    return CloudEventsHttp.event(type)
        .source("https://10.96.0.1:443")
        .subject("/apis/aegis.io/v1alpha1/namespaces/" + ns + "/aegisalertopsrules/" + name)
        .extension("kind", "AegisAlertOpsRule")
        .extension("apiversion", "aegis.io/v1alpha1")
        .extension("name", name)
        .extension("namespace", ns)
        .data(data.toString());
  }

  private static <T> List<T> concurrently(java.util.concurrent.Callable<T> call, int n)
      throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<T>> futures =
        java.util.stream.IntStream.range(0, n)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () -> {
                          try {
                            start.await();
                            return call.call();
                          } catch (Exception e) {
                            throw new IllegalStateException(e);
                          }
                        }))
            .toList();
    start.countDown();
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
    return futures.stream().map(CompletableFuture::join).toList();
  }
}
