package io.aegis.trackstatus;

import static io.aegis.kernel.testing.CloudEventsHttp.ceHeaderNames;
import static io.aegis.kernel.testing.CloudEventsHttp.looksLikeCloudEvent;
import static io.aegis.trackstatus.Fixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.cloudevents.InboundEvent;
import io.aegis.kernel.testing.CloudEventsHttp;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that drive the real track-status application over HTTP. Every subclass shares
 * one application context (Spring caches it: the configuration is the same) and the one {@link
 * AppHarness} it is wired to, which closes with the context. Each test starts from an empty alert
 * namespace, the clock at now, and {@link #published()} empty.
 */
@SpringBootTest(
    classes = TrackStatusApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "aegis.alert-namespace=" + NS)
@Import(AppHttpBase.Beans.class)
abstract class AppHttpBase {
  static final AppHarness HARNESS = new AppHarness();

  @TestConfiguration(proxyBeanMethods = false)
  static class Beans {
    @Bean
    KubernetesClient kubernetesClient() {
      return HARNESS.client();
    }

    @Bean
    Clock clock() {
      return HARNESS.clock;
    }

    /** The harness as a bean, so that it closes (its inferred close method) with the context. */
    @Bean
    AppHarness appHarness() {
      return HARNESS;
    }
  }

  @DynamicPropertySource
  static void sink(DynamicPropertyRegistry registry) {
    registry.add("aegis.sink.url", () -> HARNESS.sink.uri().toString());
  }

  @LocalServerPort int port;
  CloudEventsHttp http;
  KubernetesClient client;
  private int sinkMark;

  @BeforeEach
  void resetHarness() {
    http = CloudEventsHttp.to(port);
    client = HARNESS.client();
    HARNESS.clean();
    HARNESS.clock.set(Instant.now());
    sinkMark = HARNESS.sink.events().size();
  }

  /** Events published to K_SINK during this test. */
  List<InboundEvent> published() {
    List<InboundEvent> all = HARNESS.sink.events();
    return all.subList(sinkMark, all.size());
  }

  /** 202, no body, no CloudEvent: the function acknowledged the event and replied nothing. */
  static void assertNoReply(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(response.body()).isEmpty();
    assertThat(ceHeaderNames(response)).isEmpty();
    assertThat(looksLikeCloudEvent(response)).isFalse();
  }
}
