package io.aegis.kernel.aot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Registers the {@link AotTrainingWarmup}, which does nothing unless the application runs as the
 * Dockerfile's AOT-cache training run.
 */
@AutoConfiguration
public class AotTrainingAutoConfiguration {
  @Bean
  static AotTrainingWarmup aegisAotTrainingWarmup(Environment environment) {
    return new AotTrainingWarmup(environment);
  }
}
