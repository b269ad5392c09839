package io.aegis.kernel.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.cloudevents.CloudEventEdge;
import io.aegis.kernel.cloudevents.CloudEventFunction;
import io.aegis.kernel.cloudevents.EventPublisher;
import io.aegis.kernel.cloudevents.InboundEvent;
import io.aegis.kernel.cloudevents.KSinkPublisher;
import io.aegis.kernel.cloudevents.Reply;
import io.aegis.kernel.testing.RecordingSink;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

class AegisKernelAutoConfigurationTest {
  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ConfigurationPropertiesAutoConfiguration.class,
                  ContextFunctionCatalogAutoConfiguration.class,
                  AegisKernelAutoConfiguration.class))
          .withPropertyValues("spring.application.name=unit-fn");

  @Test
  void providesClockPublisherAndAKubernetesClientWithoutContactingTheCluster(@TempDir Path dir)
      throws IOException {
    try (RecordingSink apiServer = RecordingSink.start()) {
      Path kubeconfig = kubeconfigFor(dir, apiServer.uri().toString());
      runner
          .withSystemProperties("kubeconfig=" + kubeconfig)
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(Clock.class).getZone()).isEqualTo(ZoneOffset.UTC);
                assertThat(context.getBean(EventPublisher.class))
                    .isInstanceOf(KSinkPublisher.class);
                KubernetesClient client = context.getBean(KubernetesClient.class);
                assertThat(client.getMasterUrl().toString()).startsWith(apiServer.uri().toString());
                assertThat(context).doesNotHaveBean(CloudEventEdge.class);
              });
      assertThat(apiServer.received()).as("requests to the API server during startup").isEmpty();
    }
  }

  @Test
  void backsOffWhenTheApplicationDeclaresItsOwnBeans() {
    runner
        .withUserConfiguration(OwnBeans.class)
        .run(
            context -> {
              assertThat(context.getBean(Clock.class)).isSameAs(OwnBeans.CLOCK);
              assertThat(context.getBean(EventPublisher.class)).isSameAs(OwnBeans.PUBLISHER);
              assertThat(context.getBean(KubernetesClient.class).getMasterUrl().getHost())
                  .isEqualTo("own.example");
            });
  }

  @Test
  void servesTheSingleCloudEventFunctionWithoutADefinition() {
    runner
        .withUserConfiguration(OneFunction.class)
        .run(
            context ->
                assertThat(replyTypeOf(context.getBean(CloudEventEdge.class))).isEqualTo("a.out"));
  }

  @Test
  void servesTheFunctionNamedBySpringCloudFunctionDefinition() {
    runner
        .withUserConfiguration(TwoFunctions.class)
        .withPropertyValues("spring.cloud.function.definition=second")
        .run(
            context ->
                assertThat(replyTypeOf(context.getBean(CloudEventEdge.class))).isEqualTo("b.out"));
  }

  @Test
  void failsStartupWhenSeveralFunctionsAndNoDefinition() {
    runner
        .withUserConfiguration(TwoFunctions.class)
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("several CloudEventFunction beans [first, second]")
                    .hasMessageContaining("spring.cloud.function.definition"));
  }

  @Test
  void failsStartupWhenTheDefinitionNamesSomethingElse() {
    runner
        .withUserConfiguration(TwoFunctions.class)
        .withPropertyValues("spring.cloud.function.definition=upper")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("'upper'")
                    .hasMessageContaining("not a CloudEventFunction"));
    runner
        .withUserConfiguration(TwoFunctions.class)
        .withPropertyValues("spring.cloud.function.definition=missing")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("names no function"));
  }

  @Test
  void failsStartupWithoutAnApplicationName() {
    new WebApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                ConfigurationPropertiesAutoConfiguration.class,
                ContextFunctionCatalogAutoConfiguration.class,
                AegisKernelAutoConfiguration.class))
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("spring.application.name must be set"));
  }

  private static String replyTypeOf(CloudEventEdge edge) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/");
    request.addHeader("Ce-Specversion", "1.0");
    request.addHeader("Ce-Id", "1");
    request.addHeader("Ce-Source", "/test");
    request.addHeader("Ce-Type", "in");
    ResponseEntity<byte[]> response = edge.receive(request, null);
    assertThat(response.getStatusCode().value()).isEqualTo(200);
    return response.getHeaders().getFirst("Ce-Type");
  }

  private static Path kubeconfigFor(Path dir, String server) throws IOException {
    Path file = dir.resolve("kubeconfig");
    Files.writeString(
        file,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: c",
            "  cluster:",
            "    server: " + server,
            "contexts:",
            "- name: ctx",
            "  context:",
            "    cluster: c",
            "    user: u",
            "    namespace: aegis",
            "current-context: ctx",
            "users:",
            "- name: u",
            "  user:",
            "    token: not-a-real-token",
            ""));
    return file;
  }

  /** A function answering every event with {@code replyType}. */
  record Fixed(String replyType) implements CloudEventFunction {
    @Override
    public Set<String> acceptedTypes() {
      return Set.of("in");
    }

    @Override
    public Optional<Reply> apply(InboundEvent event) {
      return Optional.of(new Reply(replyType, null, null));
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OneFunction {
    @Bean
    CloudEventFunction only() {
      return new Fixed("a.out");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoFunctions {
    @Bean
    CloudEventFunction first() {
      return new Fixed("a.out");
    }

    @Bean
    CloudEventFunction second() {
      return new Fixed("b.out");
    }

    @Bean
    Function<String, String> upper() {
      return String::toUpperCase;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBeans {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final EventPublisher PUBLISHER = (id, event) -> {};

    @Bean
    Clock testClock() {
      return CLOCK;
    }

    @Bean
    EventPublisher testPublisher() {
      return PUBLISHER;
    }

    @Bean(destroyMethod = "close")
    KubernetesClient testClient() {
      return new KubernetesClientBuilder()
          .withConfig(new ConfigBuilder().withMasterUrl("https://own.example:6443").build())
          .build();
    }
  }
}
