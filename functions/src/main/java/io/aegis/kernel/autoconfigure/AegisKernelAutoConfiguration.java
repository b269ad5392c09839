package io.aegis.kernel.autoconfigure;

import io.aegis.kernel.aot.AotTraining;
import io.aegis.kernel.cloudevents.CloudEventEdge;
import io.aegis.kernel.cloudevents.CloudEventFunction;
import io.aegis.kernel.cloudevents.CloudEventFunctionResolver;
import io.aegis.kernel.cloudevents.EventPublisher;
import io.aegis.kernel.cloudevents.KSinkPublisher;
import io.aegis.kernel.config.KernelProperties;
import io.aegis.kernel.events.EventTypes;
import io.aegis.kernel.kube.KubeClients;
import io.aegis.kernel.kube.StatusWriter;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.FunctionProperties;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * What every Aegis function gets from the kernel: the CloudEvent edge at {@code POST /} (when the
 * module declares a {@link CloudEventFunction}), the {@link EventPublisher} ({@code K_SINK}), a
 * fabric8 {@link KubernetesClient}, the {@link StatusWriter}, a UTC {@link Clock} and the typed
 * {@code aegis.*} properties. Each bean backs off when the module (or a test) declares its own.
 *
 * <p>Nothing here contacts a cluster or the broker at startup: the Docker build trains the AOT
 * cache with {@code -Dspring.context.exit=onRefresh} where neither exists (ARCHITECTURE §12).
 */
@AutoConfiguration(after = ContextFunctionCatalogAutoConfiguration.class)
@EnableConfigurationProperties(KernelProperties.class)
public class AegisKernelAutoConfiguration {

  /** The UTC system clock; tests replace it with a fixed one. */
  @Bean
  @ConditionalOnMissingBean
  public Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * A client from the standard configuration (kubeconfig, in-cluster service account, {@code
   * KUBERNETES_*} variables). Building it reads configuration only; the first API call is the first
   * contact with the cluster. Its serialization knows the Aegis kinds and {@code Status} and does
   * not search the class path for the others ({@link KubeClients}).
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public KubernetesClient kubernetesClient(Environment environment) {
    // fabric8 retries 5xx itself, 10 times with backoff by default: a failing API server would hold
    // a request for ~20 s before the function answered. Aegis' senders (the broker, Alertmanager)
    // retry with their own backoff when we answer 503, so one quick client retry is enough.
    Config config =
        new ConfigBuilder(Config.autoConfigure(null))
            .withRequestRetryBackoffLimit(1)
            .withRequestRetryBackoffInterval(200)
            .build();
    if (AotTraining.active(environment)) {
      // The AOT-cache training run has no cluster: the function's first event, which it replays
      // to train the cache (AotTrainingWarmup), runs against an in-memory stub API instead.
      config = AotTraining.redirect(config);
    }
    return KubeClients.client(config);
  }

  /** The one status writer (skips unchanged writes, retries conflicts). */
  @Bean
  @ConditionalOnMissingBean
  public StatusWriter statusWriter(KubernetesClient kubernetesClient, Clock clock) {
    return new StatusWriter(kubernetesClient, clock);
  }

  @Bean
  @ConditionalOnMissingBean
  public EventPublisher eventPublisher(KernelProperties properties, Environment environment) {
    return new KSinkPublisher(properties.sink(), EventTypes.sourceOf(functionName(environment)));
  }

  /** The edge, for modules that declare a {@link CloudEventFunction}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnBean({CloudEventFunction.class, FunctionCatalog.class})
  static class Edge {
    @Bean
    @ConditionalOnMissingBean
    CloudEventEdge cloudEventEdge(
        FunctionCatalog catalog,
        FunctionProperties functionProperties,
        ListableBeanFactory beans,
        Environment environment) {
      Map<String, CloudEventFunction> functions = beans.getBeansOfType(CloudEventFunction.class);
      CloudEventFunction function =
          CloudEventFunctionResolver.resolve(
              catalog, functionProperties.getDefinition(), functions);
      String name = functionName(environment);
      return new CloudEventEdge(function, name, EventTypes.sourceOf(name));
    }
  }

  /** {@code spring.application.name}: the function's name and the CloudEvent source suffix. */
  static String functionName(Environment environment) {
    String name = environment.getProperty("spring.application.name");
    if (!StringUtils.hasText(name)) {
      throw new IllegalStateException(
          "spring.application.name must be set: it names the function and its CloudEvent source"
              + " /aegis/<name>");
    }
    return name.trim();
  }
}
