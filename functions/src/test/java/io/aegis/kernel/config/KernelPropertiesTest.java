package io.aegis.kernel.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class KernelPropertiesTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              org.springframework.boot.autoconfigure.AutoConfigurations.of(
                  ConfigurationPropertiesAutoConfiguration.class))
          .withUserConfiguration(Enable.class);

  @Test
  void everySinkKnobHasADefault() {
    runner.run(
        context -> {
          KernelProperties.Sink sink = context.getBean(KernelProperties.class).sink();
          assertThat(sink.url()).isNull();
          assertThat(sink.uri()).isNull();
          assertThat(sink.ceOverrides()).isNull();
          assertThat(sink.timeout()).isEqualTo(Duration.ofSeconds(10));
          assertThat(sink.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
          assertThat(sink.attempts()).isEqualTo(5);
          assertThat(sink.initialBackoff()).isEqualTo(Duration.ofMillis(100));
          assertThat(sink.maxBackoff()).isEqualTo(Duration.ofSeconds(2));
        });
  }

  @Test
  void bindsRelaxedNamesAndTreatsABlankUrlAsNoSink() {
    runner
        .withPropertyValues(
            "aegis.sink.url=http://broker-ingress.knative-eventing.svc/aegis/default",
            "aegis.sink.request-timeout=500ms",
            "aegis.sink.attempts=2")
        .run(
            context -> {
              KernelProperties.Sink sink = context.getBean(KernelProperties.class).sink();
              assertThat(sink.uri())
                  .hasToString("http://broker-ingress.knative-eventing.svc/aegis/default");
              assertThat(sink.requestTimeout()).isEqualTo(Duration.ofMillis(500));
              assertThat(sink.attempts()).isEqualTo(2);
            });
    runner
        .withPropertyValues("aegis.sink.url=  ")
        .run(context -> assertThat(context.getBean(KernelProperties.class).sink().uri()).isNull());
  }

  @Test
  void failsStartupOnAnInvalidSinkUrl() {
    runner
        .withPropertyValues("aegis.sink.url=broker.local/path")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("absolute http(s) URL"));
  }

  @Test
  void failsStartupOnOutOfRangeAttemptsOrNonPositiveDurations() {
    runner
        .withPropertyValues("aegis.sink.attempts=0")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("aegis.sink.attempts must be between 1 and 20, got 0"));
    runner
        .withPropertyValues("aegis.sink.attempts=21")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("aegis.sink.attempts must be between 1 and 20, got 21"));
    runner
        .withPropertyValues("aegis.sink.timeout=0s")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("aegis.sink.timeout must be a positive duration"));
  }

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(KernelProperties.class)
  static class Enable {}
}
