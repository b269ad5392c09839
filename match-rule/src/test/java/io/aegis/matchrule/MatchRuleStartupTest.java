package io.aegis.matchrule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegis.kernel.cloudevents.CloudEventFunction;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Startup needs no cluster (AOT training and cold starts), and the properties bind as documented.
 */
class MatchRuleStartupTest {
  private static ConfigurableApplicationContext start(String... properties) {
    // fabric8 reads this system property: nothing listens there, so any API call would fail.
    System.setProperty("kubernetes.master", "https://127.0.0.1:1");
    try {
      return new SpringApplicationBuilder(MatchRuleApplication.class)
          .web(WebApplicationType.NONE)
          .run(Arrays.stream(properties).map(p -> "--" + p).toArray(String[]::new));
    } finally {
      System.clearProperty("kubernetes.master");
    }
  }

  @Test
  void startsWithoutContactingTheApiServerAndReadsRulesInTheAlertNamespace() {
    try (var context = start("aegis.alert-namespace=monitoring")) {
      MatchRuleProperties properties = context.getBean(MatchRuleProperties.class);

      assertThat(properties.namespaces()).containsExactly("monitoring");
      assertThat(properties.cache()).isEqualTo(MatchRuleProperties.CacheMode.INFORMER);
      assertThat(properties.syncTimeout()).isEqualTo(Duration.ofSeconds(30));
      assertThat(properties.matchResolved()).isTrue();
      assertThat(context.getBeansOfType(CloudEventFunction.class)).containsOnlyKeys("matchRule");
    }
  }

  @Test
  void explicitNamespacesWinAndNoneMeansAll() {
    try (var context = start("aegis.match-rule.namespaces=ops,monitoring")) {
      assertThat(context.getBean(MatchRuleProperties.class).namespaces())
          .isEqualTo(List.of("ops", "monitoring"));
    }
    try (var context = start()) {
      assertThat(context.getBean(MatchRuleProperties.class).namespaces()).isEmpty();
    }
  }

  @Test
  void anUnknownCacheModeFailsAtStartup() {
    assertThatThrownBy(() -> start("aegis.match-rule.cache=SOMETIMES"))
        .hasStackTraceContaining("aegis.match-rule.cache");
  }
}
