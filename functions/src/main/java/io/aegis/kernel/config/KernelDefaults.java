package io.aegis.kernel.config;

import io.aegis.kernel.aot.AotTraining;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds the kernel's defaults ({@code kernel-defaults.properties} beside this class) to every
 * function as the <em>lowest</em>-priority property source: probes and Prometheus on, banner off,
 * the sink from {@code K_SINK}. Any module's {@code application.properties}, environment variable
 * or command-line argument overrides them.
 *
 * <p>Why a post-processor rather than a copy in each module's {@code application.properties}: the
 * defaults stay in one place and cannot drift between six modules, and a module still overrides any
 * of them the ordinary way. Registered in {@code META-INF/spring.factories}.
 */
public class KernelDefaults implements EnvironmentPostProcessor, Ordered {
  /** Name of the property source, visible in {@code /actuator/env}. */
  public static final String SOURCE_NAME = "aegisKernelDefaults";

  static final String RESOURCE = "io/aegis/kernel/config/kernel-defaults.properties";

  /** Name of the property source the AOT-cache training run gets in front of all others. */
  public static final String TRAINING_SOURCE_NAME = "aegisAotTraining";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (environment.getPropertySources().contains(SOURCE_NAME)) {
      return;
    }
    if (AotTraining.active(environment)) {
      // The training run serves its own first event (AotTrainingWarmup) on a free port: a Docker
      // build has 8080 to itself, a shared machine may not.
      environment
          .getPropertySources()
          .addFirst(new MapPropertySource(TRAINING_SOURCE_NAME, Map.of("server.port", "0")));
    }
    try {
      environment
          .getPropertySources()
          .addLast(new ResourcePropertySource(SOURCE_NAME, new ClassPathResource(RESOURCE)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the kernel defaults " + RESOURCE, e);
    }
  }

  @Override
  public int getOrder() {
    // After Boot's config-data processor, so the addLast lands behind application.properties.
    return Ordered.LOWEST_PRECEDENCE;
  }
}
