package io.aegis.trackstatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class TrackStatusPropertiesTest {
  static final Path AEGIS_CONFIG = Path.of("../knative/500-config/510-aegis-config.yaml");

  /** Binds {@code env} as Spring binds the process environment a ConfigMap was injected into. */
  static TrackStatusProperties bindEnvironment(Map<String, Object> env) {
    var source =
        new SystemEnvironmentPropertySource(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env);
    var environment = new StandardEnvironment();
    environment.getPropertySources().replace(source.getName(), source);
    return Binder.get(environment).bindOrCreate("aegis", TrackStatusProperties.class);
  }

  @Test
  void defaultsAreThoseOfTheDocs() {
    TrackStatusProperties props = bindEnvironment(Map.of());
    assertThat(props).isEqualTo(TrackStatusProperties.defaults());
    assertThat(props.alertTtl().secondsAfterFailure()).isEqualTo(3 * 86_400);
    assertThat(props.reconcile().stuckAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(props.reconcile().pingSource()).isEqualTo("aegis-reconcile");
  }

  @Test
  void theAegisConfigMapKeysBindAsEnvironmentVariables() throws IOException {
    JsonNode data = new YAMLMapper().readTree(Files.readString(AEGIS_CONFIG)).path("data");
    Map<String, Object> env = new LinkedHashMap<>();
    data.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    env.put("AEGIS_ALERT_NAMESPACE", "ops-alerts");
    env.put("AEGIS_ALERT_TTL_SECONDS_AFTER_FAILURE", "600");
    env.put("AEGIS_RECONCILE_STUCK_AFTER", "2m");
    env.put("AEGIS_RECONCILE_MAX_ITEMS_PER_SWEEP", "7");

    TrackStatusProperties props = bindEnvironment(env);

    assertThat(data.has("AEGIS_ALERT_TTL_SECONDS_AFTER_SUCCESS")).isTrue();
    assertThat(data.has("AEGIS_RECONCILE_STUCK_AFTER")).isTrue();
    assertThat(props.alertNamespace()).isEqualTo("ops-alerts");
    assertThat(props.alertTtl().secondsAfterSuccess())
        .isEqualTo(data.path("AEGIS_ALERT_TTL_SECONDS_AFTER_SUCCESS").asLong());
    assertThat(props.alertTtl().secondsAfterFailure()).isEqualTo(600);
    assertThat(props.alertTtl().secondsAfterNoOps())
        .isEqualTo(data.path("AEGIS_ALERT_TTL_SECONDS_AFTER_NO_OPS").asLong());
    assertThat(props.reconcile().stuckAfter()).isEqualTo(Duration.ofMinutes(2));
    assertThat(props.reconcile().maxItemsPerSweep()).isEqualTo(7);
  }

  @EnableConfigurationProperties(TrackStatusProperties.class)
  static class Config {}

  @Test
  void invalidValuesFailAtStartup() {
    ApplicationContextRunner runner =
        new ApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class))
            .withUserConfiguration(Config.class);
    runner.run(context -> assertThat(context).hasNotFailed());
    runner
        .withPropertyValues("aegis.reconcile.max-items-per-sweep=0")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("aegis.reconcile.max-items-per-sweep must be at least 1");
            });
    assertThatThrownBy(() -> bindEnvironment(Map.of("AEGIS_RECONCILE_STUCK_AFTER", "soon")))
        .hasStackTraceContaining("soon");
  }
}
