package io.aegis.matchrule;

import static io.aegis.kernel.crd.AlertStatus.Firing;
import static io.aegis.kernel.crd.AlertStatus.Resolved;
import static io.aegis.matchrule.TestRules.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.crd.AegisAlertOpsRule;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.crd.TriggerStatus;
import io.aegis.kernel.events.ResourceRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleIndexTest {
  private static final Map<String, String> NO_LABELS = Map.of();

  private static String chosen(RuleIndex index, String type, AlertStatus status) {
    return chosen(index, type, status, NO_LABELS);
  }

  private static String chosen(
      RuleIndex index, String type, AlertStatus status, Map<String, String> labels) {
    RuleIndex.Selection s = index.select(type, status, labels);
    return s.matched().map(r -> r.ref().name()).orElse(String.valueOf(s.noOp()));
  }

  @Test
  void exactTypeMatchesOnlyThatType() {
    RuleIndex index = RuleIndex.of(List.of(rule("r").firing("NodeCriticalIssue").build()));

    assertThat(chosen(index, "NodeCriticalIssue", Firing)).isEqualTo("r");
    assertThat(chosen(index, "NodeCriticalIssueDisappeared", Firing)).isEqualTo("RuleNotFound");
    assertThat(chosen(index, "XNodeCriticalIssue", Firing)).isEqualTo("RuleNotFound");
  }

  @Test
  void regexTypeMustMatchTheWholeAlertType() {
    RuleIndex index = RuleIndex.of(List.of(rule("r").firing("NodeCriticalIssue.*").build()));

    assertThat(chosen(index, "NodeCriticalIssue", Firing)).isEqualTo("r");
    assertThat(chosen(index, "NodeCriticalIssueDisappeared", Firing)).isEqualTo("r");
    assertThat(chosen(index, "OldNodeCriticalIssue", Firing)).isEqualTo("RuleNotFound");
  }

  @Test
  void anchoredRegexOfTheOriginalStillMatchesItsType() {
    RuleIndex index = RuleIndex.of(List.of(rule("r").firing("^NodeCriticalIssue").build()));

    assertThat(chosen(index, "NodeCriticalIssue", Firing)).isEqualTo("r");
    assertThat(chosen(index, "NodeCriticalIssueDisappeared", Firing)).isEqualTo("RuleNotFound");
  }

  @Test
  void ruleStatusIsCaseInsensitiveAndEmptyMatchesBoth() {
    RuleIndex index =
        RuleIndex.of(
            List.of(
                rule("resolved").when("A", "resolved").build(),
                rule("any").when("B", "").build(),
                rule("unset").when("C", null).build()));

    assertThat(chosen(index, "A", Resolved)).isEqualTo("resolved");
    assertThat(chosen(index, "A", Firing)).isEqualTo("RuleNotFound");
    assertThat(chosen(index, "B", Firing)).isEqualTo("any");
    assertThat(chosen(index, "B", Resolved)).isEqualTo("any");
    assertThat(chosen(index, "C", Resolved)).isEqualTo("unset");
  }

  @Test
  void equalPriorityAtTheTopIsTooManyRulesAndNamesThem() {
    RuleIndex index =
        RuleIndex.of(List.of(rule("b").firing("X").build(), rule("a").firing("X.*").build()));

    RuleIndex.Selection s = index.select("X", Firing, NO_LABELS);

    assertThat(s.noOp()).isEqualTo(TriggerStatus.TooManyRulesFound);
    assertThat(s.matched()).isEmpty();
    assertThat(s.message()).contains("monitoring/a, monitoring/b").contains("priority 0");
  }

  @Test
  void highestPriorityWinsWhetherExactOrRegex() {
    RuleIndex index =
        RuleIndex.of(
            List.of(
                rule("low1").firing("X").priority(1).build(),
                rule("low2").firing("X").priority(1).build(),
                rule("regexHigh").firing("X|Y").priority(2).build(),
                rule("exactHighForY").firing("Y").priority(3).build()));

    assertThat(chosen(index, "X", Firing)).isEqualTo("regexHigh");
    assertThat(chosen(index, "Y", Firing)).isEqualTo("exactHighForY");
  }

  @Test
  void negativePriorityLosesToTheDefault() {
    RuleIndex index =
        RuleIndex.of(
            List.of(
                rule("fallback").firing(".*").priority(-1).build(),
                rule("specific").firing("X").build()));

    assertThat(chosen(index, "X", Firing)).isEqualTo("specific");
    assertThat(chosen(index, "Z", Firing)).isEqualTo("fallback");
  }

  @Test
  void aRuleMatchingThroughSeveralConditionsCountsOnce() {
    RuleIndex index =
        RuleIndex.of(List.of(rule("r").firing("X").firing("X.*").when("X", "").build()));

    assertThat(chosen(index, "X", Firing)).isEqualTo("r");
  }

  @Test
  void selectorMatchLabelsAndExpressionsMustAllHold() {
    RuleIndex index =
        RuleIndex.of(
            List.of(
                rule("r")
                    .firing("X")
                    .matchLabels(Map.of("node", "dev1"))
                    .expression("zone", "In", "a", "b")
                    .expression("maintenance", "DoesNotExist")
                    .build()));

    assertThat(chosen(index, "X", Firing, Map.of("node", "dev1", "zone", "a"))).isEqualTo("r");
    assertThat(chosen(index, "X", Firing, Map.of("node", "dev2", "zone", "a")))
        .isEqualTo("RuleNotFound");
    assertThat(chosen(index, "X", Firing, Map.of("node", "dev1", "zone", "c")))
        .isEqualTo("RuleNotFound");
    assertThat(chosen(index, "X", Firing, Map.of("node", "dev1", "zone", "a", "maintenance", "y")))
        .isEqualTo("RuleNotFound");
  }

  @Test
  void selectorNotMatchingLetsALowerPriorityRuleWin() {
    RuleIndex index =
        RuleIndex.of(
            List.of(
                rule("dev1Only")
                    .firing("X")
                    .priority(5)
                    .matchLabels(Map.of("node", "dev1"))
                    .build(),
                rule("general").firing("X").build()));

    assertThat(chosen(index, "X", Firing, Map.of("node", "dev1"))).isEqualTo("dev1Only");
    assertThat(chosen(index, "X", Firing, Map.of("node", "dev2"))).isEqualTo("general");
  }

  @Test
  void templateNamespaceDefaultsToTheRulesNamespace() {
    RuleIndex index =
        RuleIndex.of(
            List.of(
                rule("ops", "a").firing("A").template(null, "t").build(),
                rule("ops", "b").firing("B").template("other", "t").build()));

    assertThat(index.select("A", Firing, NO_LABELS).rule().template())
        .isEqualTo(ResourceRef.of("ops", "t"));
    assertThat(index.select("B", Firing, NO_LABELS).rule().template())
        .isEqualTo(ResourceRef.of("other", "t"));
  }

  @Test
  void invalidRulesAreLeftOutWithAMessageSayingWhy() {
    List<AegisAlertOpsRule> invalid =
        List.of(
            rule("badRegex").firing("Node(").build(),
            rule("noConditions").build(),
            rule("noTemplate").firing("X").template(null, "").build(),
            rule("badStatus").when("X", "active").build(),
            rule("badOperator").firing("X").expression("k", "Equals", "v").build(),
            rule("inWithoutValues").firing("X").expression("k", "In").build(),
            rule("wrongKind").firing("X").templateKind("ConfigMap").build());

    assertThat(RuleIndex.of(invalid).size()).isZero();
    assertThat(RuleIndex.of(invalid).select("X", Firing, NO_LABELS).noOp())
        .isEqualTo(TriggerStatus.RuleNotFound);
    assertThat(invalid)
        .extracting(r -> RuleIndex.verdict(r).problem())
        .containsExactly(
            "spec.alertConditions[0].type is not a valid regular expression: Unclosed group",
            "spec.alertConditions is empty: the rule would never match",
            "spec.opsTemplate.name is empty",
            "spec.alertConditions[0].status 'active' is not Firing, Resolved or empty",
            "spec.selector operator 'Equals' for key 'k' is not one of In, NotIn, Exists,"
                + " DoesNotExist",
            "spec.selector In for key 'k' needs at least one value",
            "spec.opsTemplate.kind is ConfigMap; only AegisOpsTemplate is supported");
  }

  @Test
  void nestedRepetitionIsValidAsItWasOnTheOriginalsRe2() {
    RuleIndex.Verdict verdict =
        RuleIndex.verdict(rule("nested").firing("([A-Z][a-z]+)+Issue").build());

    assertThat(verdict.valid()).isTrue();
    RuleIndex.Selection s =
        RuleIndex.of(List.of(rule("nested").firing("([A-Z][a-z]+)+Issue").build()))
            .select("NodeCriticalIssue", Firing, NO_LABELS);
    assertThat(s.rule().ref().name()).isEqualTo("nested");
    assertThat(s.gaveUp()).isEmpty();
  }

  @Test
  void aRegexThatGivesUpCountsAsNoMatchAndIsReported() {
    String slow = "\\w*\\w*\\w*\\w*\\w*!x";
    RuleIndex index =
        RuleIndex.of(
            List.of(
                rule("slow").firing(slow).priority(1).build(),
                rule("fallback").firing(".*").build()));
    String almost = "a".repeat(200);

    RuleIndex.Selection s = index.select(almost, Firing, NO_LABELS);

    assertThat(s.matched().map(r -> r.ref().name())).contains("fallback");
    assertThat(s.gaveUp())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.rule().ref().name()).isEqualTo("slow");
              assertThat(g.pattern()).isEqualTo(slow);
              assertThat(g.alertType()).isEqualTo(almost);
              assertThat(g.why()).isEqualTo("after 100000 steps");
            });
    // The same rule still matches ordinary types, without any report.
    RuleIndex.Selection ordinary = index.select("abc!x", Firing, NO_LABELS);
    assertThat(ordinary.matched().map(r -> r.ref().name())).contains("slow");
    assertThat(ordinary.gaveUp()).isEmpty();
  }

  @Test
  void ruleNotFoundNamesTheRulesThatGaveUp() {
    RuleIndex index = RuleIndex.of(List.of(rule("slow").firing("\\w*\\w*\\w*\\w*\\w*!x").build()));

    RuleIndex.Selection s = index.select("a".repeat(200), Firing, NO_LABELS);

    assertThat(s.noOp()).isEqualTo(TriggerStatus.RuleNotFound);
    assertThat(s.message())
        .endsWith(
            " (the type regex of monitoring/slow gave up on this type: see the rule's status)");
  }

  @Test
  void typesLongerThanTheLimitAreMatchedAgainstExactTypesOnly() {
    String longType = "T".repeat(RegexGuard.MAX_INPUT + 1);
    RuleIndex index =
        RuleIndex.of(
            List.of(
                rule("any").firing(".*").build(),
                rule("exact").firing(longType).priority(-1).build()));

    assertThat(chosen(index, longType, Firing)).isEqualTo("exact");
    assertThat(chosen(index, "T".repeat(RegexGuard.MAX_INPUT), Firing)).isEqualTo("any");
    assertThat(index.select(longType + "x", Firing, NO_LABELS).message())
        .endsWith(" (regex rules are not tried on types longer than 256)");
  }

  @Test
  void theReadmeRuleIsValid() {
    RuleIndex.Verdict v =
        RuleIndex.verdict(rule("nodehasemergencyevent").firing("NodeHasEmergencyEvent").build());

    assertThat(v.valid()).isTrue();
    assertThat(v.problem()).isNull();
  }

  @Test
  void tenThousandRulesStillSelectCorrectly() {
    List<AegisAlertOpsRule> rules = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      rules.add(rule("exact-" + i).firing("Type" + i).build());
    }
    for (int i = 0; i < 50; i++) {
      rules.add(rule("regex-" + i).firing("Regex" + i + "[A-Z]+").build());
    }
    rules.add(rule("override-42").firing("Type42").priority(1).build());
    rules.add(rule("tie-77").firing("Type7[0-9]").build());
    rules.add(rule("resolved-5").when("Type5", "Resolved").build());

    RuleIndex index = RuleIndex.of(rules);

    assertThat(index.size()).isEqualTo(10_053);
    assertThat(chosen(index, "Type0", Firing)).isEqualTo("exact-0");
    assertThat(chosen(index, "Type9999", Firing)).isEqualTo("exact-9999");
    assertThat(chosen(index, "Type42", Firing)).isEqualTo("override-42");
    assertThat(chosen(index, "Type77", Firing)).isEqualTo("TooManyRulesFound");
    assertThat(chosen(index, "Type5", Resolved)).isEqualTo("resolved-5");
    assertThat(chosen(index, "Regex17ABC", Firing)).isEqualTo("regex-17");
    assertThat(chosen(index, "Regex17", Firing)).isEqualTo("RuleNotFound");
    assertThat(chosen(index, "Type10000", Firing)).isEqualTo("RuleNotFound");
    for (int i = 0; i < 10_000; i += 997) {
      if (i != 42 && (i < 70 || i > 79)) {
        assertThat(chosen(index, "Type" + i, Firing)).isEqualTo("exact-" + i);
      }
    }
  }

  @Test
  void nullAlertTypeMatchesNothingButCatchAllRules() {
    assertThat(chosen(RuleIndex.of(List.of(rule("r").firing("X").build())), null, Firing))
        .isEqualTo("RuleNotFound");
    assertThat(RuleIndex.empty().select("X", Firing, NO_LABELS).noOp())
        .isEqualTo(TriggerStatus.RuleNotFound);
  }
}
