package io.aegis.matchrule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorMatcherTest {
  private static boolean matches(LabelSelector selector, Map<String, String> labels) {
    return LabelSelectorMatcher.compile(selector).test(labels);
  }

  @Test
  void absentOrEmptySelectorMatchesEverything() {
    assertThat(matches(null, Map.of())).isTrue();
    assertThat(matches(new LabelSelector(), Map.of("a", "b"))).isTrue();
  }

  @Test
  void matchLabelsNeedEveryPairEqual() {
    LabelSelector s = new LabelSelectorBuilder().addToMatchLabels("node", "dev1").build();

    assertThat(matches(s, Map.of("node", "dev1", "x", "y"))).isTrue();
    assertThat(matches(s, Map.of("node", "dev2"))).isFalse();
    assertThat(matches(s, Map.of())).isFalse();
  }

  @Test
  void setBasedOperatorsFollowKubernetesSemantics() {
    LabelSelector notIn =
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey("zone")
            .withOperator("NotIn")
            .withValues("a")
            .endMatchExpression()
            .build();
    LabelSelector exists =
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey("gpu")
            .withOperator("Exists")
            .endMatchExpression()
            .build();

    assertThat(matches(notIn, Map.of())).as("NotIn matches a missing key").isTrue();
    assertThat(matches(notIn, Map.of("zone", "b"))).isTrue();
    assertThat(matches(notIn, Map.of("zone", "a"))).isFalse();
    assertThat(matches(exists, Map.of("gpu", ""))).isTrue();
    assertThat(matches(exists, Map.of())).isFalse();
  }

  @Test
  void existsWithValuesIsRejected() {
    LabelSelector s =
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey("gpu")
            .withOperator("Exists")
            .withValues("x")
            .endMatchExpression()
            .build();

    assertThatThrownBy(() -> LabelSelectorMatcher.compile(s))
        .hasMessage("selector Exists for key 'gpu' must not list values");
  }
}
