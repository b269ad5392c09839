package io.aegis.diagnose;

import io.aegis.diagnose.kube.ClusterReader;
import io.aegis.diagnose.kube.CollectorPod;
import io.aegis.diagnose.kube.ContainerLogs;
import io.aegis.kernel.ai.ExplanationCache;
import io.aegis.kernel.ai.LlmClient;
import io.aegis.kernel.ai.Prompts;
import io.aegis.kernel.kube.StatusWriter;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Bootstrap of the diagnose function: wires the {@link DiagnoseFunction} and its parts. */
@SpringBootApplication
@EnableConfigurationProperties(DiagnoseProperties.class)
public class DiagnoseApplication {
  public static void main(String[] args) {
    SpringApplication.run(DiagnoseApplication.class, args);
  }

  @Bean
  DiagnoseFunction diagnose(Diagnoser diagnoser, Sweeper sweeper, DiagnoseProperties properties) {
    return new DiagnoseFunction(diagnoser, sweeper, properties);
  }

  @Bean
  Diagnoser diagnoser(
      KubernetesClient client,
      StatusWriter statusWriter,
      DiagnoseProperties properties,
      LlmClient llm,
      Prompts prompts,
      ExplanationCache cache,
      Clock clock,
      ExecutorService diagnosisWorkers) {
    Analyzers analyzers =
        new Analyzers(
            new ClusterReader(client),
            new ContainerLogs(client, properties.logTailLines(), properties.logMaxBytes()),
            new CollectorPod(client, properties.collector()),
            properties);
    return new Diagnoser(
        statusWriter,
        analyzers,
        new Explainer(llm, prompts, cache),
        properties,
        clock,
        diagnosisWorkers);
  }

  @Bean
  Sweeper sweeper(
      KubernetesClient client,
      Diagnoser diagnoser,
      DiagnoseProperties properties,
      Clock clock,
      ExecutorService diagnosisWorkers) {
    return new Sweeper(client, diagnoser, properties.sweep(), clock, diagnosisWorkers);
  }

  /** Threads that run analyses under their deadline (interrupted when it passes). */
  @Bean(destroyMethod = "shutdownNow")
  ExecutorService diagnosisWorkers() {
    AtomicInteger n = new AtomicInteger();
    return Executors.newCachedThreadPool(
        r -> {
          Thread t = new Thread(r, "diagnosis-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
