package io.aegis.kernel.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegis.kernel.crd.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static final Clock T1 =
      Clock.fixed(Instant.parse("2025-01-01T00:00:00.750Z"), ZoneOffset.UTC);
  private static final Clock T2 =
      Clock.fixed(Instant.parse("2025-01-01T00:05:00Z"), ZoneOffset.UTC);

  @Test
  void appendsANewTypeWithTheCurrentTimeInWholeSeconds() {
    List<Condition> list = new ArrayList<>();

    Condition c =
        Conditions.set(
            list,
            ConditionTypes.TRIGGERED,
            Conditions.FALSE,
            ConditionReasons.RULE_NOT_FOUND,
            "m",
            T1);

    assertThat(list).containsExactly(c);
    assertThat(c.lastTransitionTime).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(c.reason).isEqualTo("RuleNotFound");
  }

  @Test
  void replacesInPlaceAndKeepsTransitionTimeWhenStatusUnchanged() {
    List<Condition> list = new ArrayList<>();
    Conditions.set(list, ConditionTypes.COMPLETE, Conditions.FALSE, "A", "first", T1);
    Conditions.set(list, ConditionTypes.FAILED, Conditions.FALSE, "A", "other", T1);

    Conditions.set(list, ConditionTypes.COMPLETE, Conditions.FALSE, "B", "second", T2);

    assertThat(list).extracting(c -> c.type).containsExactly("Complete", "Failed");
    Condition complete = Conditions.find(list, ConditionTypes.COMPLETE).orElseThrow();
    assertThat(complete.reason).isEqualTo("B");
    assertThat(complete.message).isEqualTo("second");
    assertThat(complete.lastTransitionTime).isEqualTo("2025-01-01T00:00:00Z");
  }

  @Test
  void movesTransitionTimeOnlyWhenStatusFlips() {
    List<Condition> list = new ArrayList<>();
    Conditions.set(list, ConditionTypes.COMPLETE, Conditions.FALSE, "A", "m", T1);

    Conditions.set(list, ConditionTypes.COMPLETE, Conditions.TRUE, "A", "m", T2);

    assertThat(list)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.status).isEqualTo("True");
              assertThat(c.lastTransitionTime).isEqualTo("2025-01-01T00:05:00Z");
            });
    assertThat(Conditions.isTrue(list, ConditionTypes.COMPLETE)).isTrue();
  }

  @Test
  void repeatingAnObservationChangesNothing() {
    List<Condition> list = new ArrayList<>();
    Conditions.set(list, ConditionTypes.FAILED, Conditions.TRUE, "R", "m", T1);
    List<Condition> before = copy(list);

    Conditions.set(list, ConditionTypes.FAILED, Conditions.TRUE, "R", "m", T2);

    assertThat(list).isEqualTo(before);
  }

  @Test
  void collapsesDuplicatesOfTheType() {
    List<Condition> list = new ArrayList<>();
    list.add(new Condition("Complete", "False", "A", "x", "2020-01-01T00:00:00Z"));
    list.add(new Condition("Failed", "True", "A", "x", "2020-01-01T00:00:00Z"));
    list.add(new Condition("Complete", "False", "B", "y", "2020-01-01T00:00:00Z"));

    Conditions.set(list, ConditionTypes.COMPLETE, Conditions.FALSE, "C", "z", T2);

    assertThat(list)
        .extracting(c -> c.type + ":" + c.reason)
        .containsExactly("Complete:C", "Failed:A");
  }

  @Test
  void rejectsAStatusOtherThanTrueFalseUnknown() {
    assertThatThrownBy(
            () -> Conditions.set(new ArrayList<>(), ConditionTypes.COMPLETE, "yes", "R", "m", T1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void findReturnsEmptyForMissingTypeOrList() {
    assertThat(Conditions.find(null, ConditionTypes.COMPLETE)).isEmpty();
    assertThat(Conditions.find(List.of(), ConditionTypes.COMPLETE)).isEmpty();
    assertThat(Conditions.isTrue(null, ConditionTypes.COMPLETE)).isFalse();
  }

  private static List<Condition> copy(List<Condition> list) {
    return list.stream()
        .map(c -> new Condition(c.type, c.status, c.reason, c.message, c.lastTransitionTime))
        .toList();
  }
}
