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
import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.crd.AlertOpsStatus;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.crd.TriggerStatus;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.aegis.kernel.events.AlertMatched;
import io.aegis.kernel.events.AlertRecorded;
import io.aegis.kernel.events.EventTypes;
import io.aegis.kernel.events.ResourceRef;
import io.aegis.kernel.json.Json;
import io.aegis.kernel.kube.StatusWriter;
import io.aegis.kernel.testing.KubeTestSupport;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The function's logic against the kernel's mock API server (CRUD mode, CRDs installed), no HTTP.
 */
class MatchRuleFunctionKubeTest {
  @RegisterExtension final KubeTestSupport kube = new KubeTestSupport();

  static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  KubernetesClient client;
  RuleCache cache;
  MatchRuleFunction function;

  @BeforeEach
  void setUp() {
    client = kube.client();
    start(MatchRuleProperties.defaults());
  }

  @AfterEach
  void tearDown() {
    cache.close();
  }

  private void start(MatchRuleProperties properties) {
    if (cache != null) {
      cache.close();
    }
    StatusWriter status = new StatusWriter(client, Clock.fixed(NOW, ZoneOffset.UTC));
    RuleValidation validation = new RuleValidation(client, status);
    cache = new RuleCache(client, properties, validation);
    function = new MatchRuleFunction(client, cache, validation, status, properties);
  }

  private <T extends HasMetadata> T create(T object) {
    return client.resource(object).create();
  }

  private AegisAlertOpsRule createRule(AegisAlertOpsRule rule) {
    AegisAlertOpsRule created = create(rule);
    String rv = created.getMetadata().getResourceVersion();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                cache
                    .resourceVersion(
                        rule.getMetadata().getNamespace(), rule.getMetadata().getName())
                    .filter(rv::equals)
                    .isPresent());
    return created;
  }

  private Optional<Reply> deliver(AlertRecorded recorded) {
    return function.apply(event(EventTypes.ALERT_RECORDED, Map.of(), recorded));
  }

  private static InboundEvent event(String type, Map<String, String> extensions, Object data) {
    return new InboundEvent(
        UUID.randomUUID().toString(),
        type,
        "/test",
        null,
        "application/json",
        extensions,
        Json.write(data));
  }

  private AegisAlert alert(String name) {
    return client.resources(AegisAlert.class).inNamespace(NS).withName(name).get();
  }

  private AlertOpsStatus ops(String name) {
    AegisAlertStatus s = alert(name).getStatus();
    return s == null ? null : s.opsStatus;
  }

  @Test
  void repliesWithAlertRuleAndTemplateRefsAndRecordsTheRule() {
    createRule(rule("nodehasemergencyevent").firing("NodeHasEmergencyEvent").build());
    var template = create(TestRules.opsTemplate(NS, "nodehasemergencyevent"));
    AegisAlert alert = create(TestAlerts.readme("default-nodehasemergencyevent-9njt4"));

    Reply reply = deliver(TestAlerts.created(alert)).orElseThrow();

    assertThat(reply.type()).isEqualTo(AlertMatched.TYPE);
    assertThat(reply.subject()).isEqualTo("monitoring/default-nodehasemergencyevent-9njt4");
    AlertMatched matched = (AlertMatched) reply.data();
    assertThat(matched.alert())
        .isEqualTo(
            new ResourceRef(
                NS, "default-nodehasemergencyevent-9njt4", alert.getMetadata().getUid()));
    assertThat(matched.rule().subject()).isEqualTo("monitoring/nodehasemergencyevent");
    assertThat(matched.rule().uid()).isNotBlank();
    assertThat(matched.template())
        .isEqualTo(new ResourceRef(NS, "nodehasemergencyevent", template.getMetadata().getUid()));
    AlertOpsStatus ops = ops("default-nodehasemergencyevent-9njt4");
    assertThat(ops.triggerStatus).isNull();
    assertThat(ops.rule).isEqualTo("monitoring/nodehasemergencyevent");
    assertThat(ops.message)
        .isEqualTo(
            "matched rule monitoring/nodehasemergencyevent, template monitoring/nodehasemergencyevent");
    // Triggered is render-submit's to set: undecided until it acts.
    assertThat(alert("default-nodehasemergencyevent-9njt4").getStatus().conditions).isEmpty();
  }

  @Test
  void ruleNotFoundRecordsOutcomeMessageCompletionTimeAndCondition() {
    AegisAlert alert = create(TestAlerts.firing("a1", "NobodyCares"));

    assertThat(deliver(TestAlerts.created(alert))).isEmpty();

    AlertOpsStatus ops = ops("a1");
    assertThat(ops.triggerStatus).isEqualTo(TriggerStatus.RuleNotFound);
    assertThat(ops.message).contains("NobodyCares");
    assertThat(ops.completionTime).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(alert("a1").getStatus().conditions)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.type).isEqualTo("Triggered");
              assertThat(c.status).isEqualTo("False");
              assertThat(c.reason).isEqualTo("RuleNotFound");
              assertThat(c.lastTransitionTime).isEqualTo("2026-01-02T03:04:05Z");
            });
  }

  @Test
  void repeatedFiringDeliveryNeedsNoRuleAndWritesNothing() {
    AegisAlert alert = create(TestAlerts.firing("a2", "NobodyCares"));

    assertThat(deliver(TestAlerts.recorded(alert, "Firing", 2, false))).isEmpty();

    assertThat(ops("a2")).isNull();
  }

  @Test
  void resolvedDeliveryLetsAResolvedRuleActWhereNoFiringRuleMatched() {
    createRule(rule("on-resolve").when("GpuXid", "Resolved").build());
    create(TestRules.opsTemplate(NS, "on-resolve"));
    AegisAlert alert = create(TestAlerts.firing("a3", "GpuXid"));
    assertThat(deliver(TestAlerts.created(alert))).isEmpty();
    assertThat(ops("a3").triggerStatus).isEqualTo(TriggerStatus.RuleNotFound);
    markResolved("a3");

    Reply reply = deliver(TestAlerts.recorded(alert, "Resolved", 1, false)).orElseThrow();

    assertThat(((AlertMatched) reply.data()).rule().name()).isEqualTo("on-resolve");
    AlertOpsStatus ops = ops("a3");
    assertThat(ops.triggerStatus).isNull();
    assertThat(ops.completionTime).isNull();
    assertThat(ops.rule).isEqualTo("monitoring/on-resolve");
    assertThat(alert("a3").getStatus().conditions).noneMatch(c -> "Triggered".equals(c.type));
  }

  @Test
  void resolvedDeliveryWithoutAResolvedRuleKeepsTheFirstVerdict() {
    AegisAlert alert = create(TestAlerts.firing("a4", "NobodyCares"));
    deliver(TestAlerts.created(alert));
    String rv = alert("a4").getMetadata().getResourceVersion();
    markResolved("a4");
    String resolvedRv = alert("a4").getMetadata().getResourceVersion();
    assertThat(resolvedRv).isNotEqualTo(rv);

    assertThat(deliver(TestAlerts.recorded(alert, "Resolved", 1, false))).isEmpty();

    assertThat(alert("a4").getMetadata().getResourceVersion()).isEqualTo(resolvedRv);
  }

  @Test
  void resolvedDeliveryLeavesAnAlertThatAlreadyTriggeredAlone() {
    createRule(rule("on-resolve-2").when("GpuXid2", "").build());
    create(TestRules.opsTemplate(NS, "on-resolve-2"));
    AegisAlert alert = create(TestAlerts.firing("a5", "GpuXid2"));
    setTriggerStatus("a5", TriggerStatus.Triggered);
    markResolved("a5");

    assertThat(deliver(TestAlerts.recorded(alert, "Resolved", 1, false))).isEmpty();
    assertThat(ops("a5").triggerStatus).isEqualTo(TriggerStatus.Triggered);
  }

  @Test
  void eventForAnEarlierEpisodeWithTheSameNameIsSkipped() {
    AegisAlert alert = create(TestAlerts.firing("a6", "NobodyCares"));
    AlertRecorded stale =
        new AlertRecorded(
            new ResourceRef(NS, "a6", "uid-of-a-deleted-episode"),
            "NobodyCares",
            "Firing",
            "f",
            1,
            true);

    assertThat(deliver(stale)).isEmpty();
    assertThat(ops("a6")).isNull();
    assertThat(alert.getMetadata().getUid()).isNotEqualTo("uid-of-a-deleted-episode");
  }

  @Test
  void eventForAnAlertThatIsGoneIsHandledWithoutReply() {
    AlertRecorded gone =
        new AlertRecorded(ResourceRef.of(NS, "never-existed"), "X", "Firing", "f", 1, true);

    assertThat(deliver(gone)).isEmpty();
  }

  @Test
  void eventWithoutAlertRefIsInvalid() {
    AlertRecorded broken = new AlertRecorded(null, "X", "Firing", "f", 1, true);

    assertThatThrownBy(() -> deliver(broken))
        .isInstanceOf(AegisException.class)
        .extracting(e -> ((AegisException) e).reason())
        .isEqualTo(Reason.INVALID_INPUT);
  }

  @Test
  void perCallModeSeesARuleCreatedJustBefore() {
    start(
        new MatchRuleProperties(
            List.of(NS), MatchRuleProperties.CacheMode.PER_CALL, Duration.ofSeconds(5), true));
    create(rule("per-call").firing("PerCall").build());
    create(TestRules.opsTemplate(NS, "per-call"));
    AegisAlert alert = create(TestAlerts.firing("a7", "PerCall"));

    assertThat(deliver(TestAlerts.created(alert))).isPresent();
  }

  @Test
  void rulesOutsideTheWatchedNamespacesAreNotUsed() {
    start(
        new MatchRuleProperties(
            List.of("ops"), MatchRuleProperties.CacheMode.INFORMER, Duration.ofSeconds(5), true));
    create(rule(NS, "elsewhere").firing("Elsewhere").build());
    createRule(rule("ops", "here").firing("Here").build());
    create(TestRules.opsTemplate("ops", "here"));

    assertThat(deliver(TestAlerts.created(create(TestAlerts.firing("a8", "Elsewhere"))))).isEmpty();
    assertThat(ops("a8").triggerStatus).isEqualTo(TriggerStatus.RuleNotFound);
    assertThat(deliver(TestAlerts.created(create(TestAlerts.firing("a9", "Here"))))).isPresent();
  }

  @Test
  void invalidAndUnmarkedRulesFoundInTheCacheAreMarkedInTheBackground() {
    create(rule("bad-regex").firing("Node(").build());
    create(rule("fine").firing("Fine").build());
    AegisAlert alert = create(TestAlerts.firing("a10", "Node("));

    deliver(TestAlerts.created(alert));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              var bad =
                  client
                      .resources(AegisAlertOpsRule.class)
                      .inNamespace(NS)
                      .withName("bad-regex")
                      .get();
              var fine =
                  client.resources(AegisAlertOpsRule.class).inNamespace(NS).withName("fine").get();
              assertThat(bad.getStatus().status).isEqualTo("Invalid");
              assertThat(bad.getStatus().message).contains("not a valid regular expression");
              assertThat(fine.getStatus().status).isEqualTo("Recorded");
            });
    assertThat(ops("a10").triggerStatus).isEqualTo(TriggerStatus.RuleNotFound);
  }

  @Test
  void apiServerEventsForOtherKindsAreIgnored() {
    var event =
        event(
            EventTypes.APISERVER_UPDATE,
            Map.of(
                "kind",
                "Workflow",
                "apiversion",
                "argoproj.io/v1alpha1",
                "name",
                "w",
                "namespace",
                NS),
            Map.of("kind", "Workflow", "metadata", Map.of("name", "w", "namespace", NS)));

    assertThat(function.apply(event)).isEmpty();
  }

  @Test
  void eventsOfOtherTypesAreRejected() {
    assertThatThrownBy(() -> function.apply(event(EventTypes.PING, Map.of(), Map.of())))
        .isInstanceOf(AegisException.class)
        .extracting(e -> ((AegisException) e).reason())
        .isEqualTo(Reason.UNSUPPORTED_EVENT);
  }

  @Test
  void ruleEventsRecordValidRulesAndExplainInvalidOnesOnce() {
    AegisAlertOpsRule good = create(rule("good").firing("Good").build());
    AegisAlertOpsRule bad = create(rule("bad").firing("Good").template(null, " ").build());

    assertThat(function.apply(ruleEvent(EventTypes.APISERVER_ADD, good))).isEmpty();
    assertThat(function.apply(ruleEvent(EventTypes.APISERVER_ADD, bad))).isEmpty();

    AegisAlertOpsRule goodNow = storedRule("good");
    assertThat(goodNow.getStatus().status).isEqualTo("Recorded");
    assertThat(goodNow.getStatus().message).isNull();
    assertThat(goodNow.getStatus().conditions)
        .singleElement()
        .satisfies(c -> assertThat(c.type + "=" + c.status).isEqualTo("Valid=True"));
    AegisAlertOpsRule badNow = storedRule("bad");
    assertThat(badNow.getStatus().status).isEqualTo("Invalid");
    assertThat(badNow.getStatus().message).isEqualTo("spec.opsTemplate.name is empty");

    // The status write comes back as an update event carrying the new status: nothing to do.
    String rv = badNow.getMetadata().getResourceVersion();
    assertThat(function.apply(ruleEvent(EventTypes.APISERVER_UPDATE, badNow))).isEmpty();
    // A stale event (the object before the write) re-reads the rule and finds nothing to change.
    assertThat(function.apply(ruleEvent(EventTypes.APISERVER_UPDATE, bad))).isEmpty();
    assertThat(storedRule("bad").getMetadata().getResourceVersion()).isEqualTo(rv);
  }

  @Test
  void aRegexThatGivesUpIsRecordedOnTheRuleOnceAndDroppedWhenTheRuleNoLongerHasIt() {
    String slow = "\\w*\\w*\\w*\\w*\\w*!x";
    createRule(rule("slow").firing(slow).build());
    AegisAlert alert = create(TestAlerts.firing("a11", "a".repeat(60)));

    assertThat(deliver(TestAlerts.created(alert))).isEmpty();

    assertThat(ops("a11").triggerStatus).isEqualTo(TriggerStatus.RuleNotFound);
    assertThat(ops("a11").message).contains("the type regex of monitoring/slow gave up");
    String warning =
        "type regex \""
            + slow
            + "\" gave up on alert type \""
            + "a".repeat(60)
            + "\" after 100000 steps and counted as not matching (the rule still matches other"
            + " types); rewrite it so that it cannot backtrack this much: no repetition of a"
            + " repetition such as (.*a){20} and no adjacent repetitions of the same characters"
            + " such as \\w*\\w*";
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              var status = storedRule("slow").getStatus();
              assertThat(status.status).isEqualTo("Recorded");
              assertThat(status.message).isEqualTo(warning);
              assertThat(status.conditions)
                  .extracting(c -> c.type + "=" + c.status + " " + c.reason + ": " + c.message)
                  .containsExactlyInAnyOrder(
                      "Valid=True Recorded: rule is valid and used for matching",
                      "Degraded=True RegexGaveUp: " + warning);
            });
    String rv = storedRule("slow").getMetadata().getResourceVersion();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> cache.resourceVersion(NS, "slow").filter(rv::equals).isPresent());

    // Another type it gives up on: reported once per rule, so no second write.
    assertThat(deliver(TestAlerts.created(create(TestAlerts.firing("a12", "b".repeat(60))))))
        .isEmpty();
    // Our own write comes back as an update event: nothing to do.
    assertThat(function.apply(ruleEvent(EventTypes.APISERVER_UPDATE, storedRule("slow"))))
        .isEmpty();
    assertThat(storedRule("slow").getMetadata().getResourceVersion()).isEqualTo(rv);
    // Still matches ordinary types.
    create(TestRules.opsTemplate(NS, "slow"));
    assertThat(deliver(TestAlerts.created(create(TestAlerts.firing("a13", "abc!x"))))).isPresent();

    // Fixed: the warning goes, the rule stays Recorded.
    AegisAlertOpsRule fixed =
        client
            .resources(AegisAlertOpsRule.class)
            .inNamespace(NS)
            .withName("slow")
            .edit(
                r -> {
                  r.getSpec().alertConditions.get(0).type = "\\w+!x";
                  return r;
                });
    assertThat(function.apply(ruleEvent(EventTypes.APISERVER_UPDATE, fixed))).isEmpty();
    var status = storedRule("slow").getStatus();
    assertThat(status.status).isEqualTo("Recorded");
    assertThat(status.message).isNull();
    assertThat(status.conditions).extracting(c -> c.type).containsExactly("Valid");
  }

  @Test
  void aRuleWithNestedRepetitionIsRecorded() {
    AegisAlertOpsRule nested = create(rule("nested").firing("(a+)+$").build());

    assertThat(function.apply(ruleEvent(EventTypes.APISERVER_ADD, nested))).isEmpty();

    var status = storedRule("nested").getStatus();
    assertThat(status.status).isEqualTo("Recorded");
    assertThat(status.message).isNull();
  }

  @Test
  void ruleEventForADeletedRuleIsHandled() {
    AegisAlertOpsRule gone = rule("gone-rule").firing("X").build();

    assertThat(function.apply(ruleEvent(EventTypes.APISERVER_UPDATE, gone))).isEmpty();
  }

  private AegisAlertOpsRule storedRule(String name) {
    return client.resources(AegisAlertOpsRule.class).inNamespace(NS).withName(name).get();
  }

  private static InboundEvent ruleEvent(String type, AegisAlertOpsRule rule) {
    return event(
        type,
        Map.of(
            "kind",
            "AegisAlertOpsRule",
            "apiversion",
            "aegis.io/v1alpha1",
            "name",
            rule.getMetadata().getName(),
            "namespace",
            rule.getMetadata().getNamespace()),
        rule);
  }

  private void markResolved(String name) {
    AegisAlert a = alert(name);
    if (a.getStatus() == null) {
      a.setStatus(new AegisAlertStatus());
    }
    a.getStatus().status = AlertStatus.Resolved;
    client.resource(a).updateStatus();
  }

  private void setTriggerStatus(String name, TriggerStatus trigger) {
    AegisAlert a = alert(name);
    a.setStatus(new AegisAlertStatus());
    a.getStatus().opsStatus = new AlertOpsStatus();
    a.getStatus().opsStatus.triggerStatus = trigger;
    client.resource(a).updateStatus();
  }
}
