package io.aegis.kernel.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class KernelDefaultsTest {

  @Test
  void addsProbesPrometheusAndNoBannerAsTheLowestPrioritySource() {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addLast(
            new MapPropertySource(
                "application.properties",
                Map.of("management.endpoints.web.exposure.include", "health")));

    new KernelDefaults().postProcessEnvironment(environment, new SpringApplication());

    assertThat(
            environment.getPropertySources().stream().reduce((a, b) -> b).orElseThrow().getName())
        .isEqualTo(KernelDefaults.SOURCE_NAME);
    assertThat(environment.getProperty("management.endpoint.health.probes.enabled"))
        .isEqualTo("true");
    assertThat(environment.getProperty("spring.main.banner-mode")).isEqualTo("off");
    // The module's own setting wins over the kernel default.
    assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
        .isEqualTo("health");
  }

  @Test
  void takesTheSinkFromKSinkAndKCeOverrides() {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "knative",
                Map.of(
                    "K_SINK", "http://broker/aegis/default",
                    "K_CE_OVERRIDES", "{\"extensions\":{\"a\":\"b\"}}")));

    new KernelDefaults().postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("aegis.sink.url")).isEqualTo("http://broker/aegis/default");
    assertThat(environment.getProperty("aegis.sink.ce-overrides"))
        .isEqualTo("{\"extensions\":{\"a\":\"b\"}}");
  }

  @Test
  void leavesTheSinkEmptyWithoutKSink() {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);

    new KernelDefaults().postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("aegis.sink.url")).isEmpty();
  }
}
