package io.aegis.parsealert;

import io.aegis.kernel.cloudevents.EventPublisher;
import io.aegis.kernel.cloudevents.Reply;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Spring test wiring: one in-memory Kubernetes API (fabric8 mock server, CRUD mode, AegisAlert CRD
 * installed so the status subresource is honoured) for the whole test JVM, and a recording event
 * publisher standing in for K_SINK.
 */
@TestConfiguration(proxyBeanMethods = false)
class TestWiring {
  static final KubernetesMockServer SERVER = start();

  @Bean(destroyMethod = "")
  KubernetesClient kubernetesClient() {
    return SERVER.createClient();
  }

  @Bean
  RecordingPublisher eventPublisher() {
    return new RecordingPublisher();
  }

  private static KubernetesMockServer start() {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    try (KubernetesClient client = server.createClient();
        InputStream crd =
            TestWiring.class
                .getClassLoader()
                .getResourceAsStream(
                    "META-INF/fabric8/"
                        + HasMetadata.getFullResourceName(AegisAlert.class)
                        + "-v1.yml")) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(Serialization.unmarshal(crd, CustomResourceDefinition.class))
          .create();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return server;
  }

  /** Records what would have gone to K_SINK; can be told to fail like an unavailable broker. */
  static final class RecordingPublisher implements EventPublisher {
    record Published(String id, Reply event) {}

    private final List<Published> published = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    @Override
    public void publish(String id, Reply event) {
      if (failing) {
        throw new AegisException(Reason.SINK_UNAVAILABLE, "broker unavailable (test)");
      }
      published.add(new Published(id, event));
    }

    List<Published> published() {
      return List.copyOf(published);
    }

    void failing(boolean failing) {
      this.failing = failing;
    }

    void clear() {
      published.clear();
      failing = false;
    }
  }
}
