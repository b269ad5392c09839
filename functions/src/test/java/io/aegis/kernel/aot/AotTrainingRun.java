package io.aegis.kernel.aot;

import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts a function application as the Dockerfile's AOT-cache training run sees it — the kernel in
 * training mode (stub API, free port, warm-up with the module's {@link AotTrainingScenario}) — but
 * without exiting on refresh ({@code spring.context.exit} is given as an application property,
 * which the kernel reads and Spring's lifecycle processor, reading only the system property, does
 * not), and returns what the warm-up completed.
 */
public final class AotTrainingRun {
  private AotTrainingRun() {}

  public static List<String> completed(Class<?> application) {
    SpringApplication app = new SpringApplication(application);
    try (ConfigurableApplicationContext context =
        app.run("--spring.context.exit=onRefresh", "--spring.main.banner-mode=off")) {
      return context.getBean(AotTrainingWarmup.class).completed();
    }
  }
}
