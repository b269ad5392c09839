package io.aegis.kernel.aot;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * A function's typical first requests, replayed over HTTP by the AOT-cache training run (the
 * Dockerfile's {@code -Dspring.context.exit=onRefresh} run, see {@link AotTrainingWarmup}) so that
 * the cache holds what a scale-from-zero start needs for its first event — the function's own code,
 * Tomcat's request path, Spring MVC, the JSON of its objects — instead of loading it class by class
 * on the first request.
 *
 * <p>The training run has no cluster: {@link #seed} creates the objects the requests need in the
 * in-memory stub API the training run's Kubernetes client talks to. A module declares its scenario
 * in its {@code META-INF/spring.factories} under this interface's name; nothing loads it outside
 * the training run. Keep the requests to what the function gets most often: every class they load
 * is preloaded by every start of that function.
 */
public interface AotTrainingScenario {
  /** Creates the objects {@link #requests()} need, through a client of the stub API. */
  default void seed(KubernetesClient api) {}

  /** The requests, sent in order to the function's HTTP port after {@link #seed}. */
  List<TrainingRequest> requests();
}
