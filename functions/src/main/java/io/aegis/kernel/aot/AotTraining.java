package io.aegis.kernel.aot;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import org.springframework.core.env.PropertyResolver;

/**
 * The AOT-cache training run (the Dockerfile's {@code -Dspring.context.exit=onRefresh} run): how
 * the kernel recognises it, and the in-memory stub API that stands in for the cluster while it
 * runs. Outside that run nothing here does anything.
 */
public final class AotTraining {
  static final String EXIT_PROPERTY = "spring.context.exit";
  static final String SWITCH_PROPERTY = "aegis.aot-training.warmup";

  private static StubApiServer api;

  private AotTraining() {}

  /**
   * True in the training run ({@code spring.context.exit=onRefresh}) unless switched off with
   * {@code aegis.aot-training.warmup=false}.
   */
  public static boolean active(PropertyResolver properties) {
    return "onRefresh".equalsIgnoreCase(properties.getProperty(EXIT_PROPERTY, ""))
        && properties.getProperty(SWITCH_PROPERTY, Boolean.class, true);
  }

  /**
   * {@code config} pointed at the training run's stub API (started on first use, on the loopback
   * interface, for the rest of the process), so that the function's own client exercises its
   * request path without a cluster.
   */
  public static Config redirect(Config config) {
    return new ConfigBuilder(config).withMasterUrl(api().url()).build();
  }

  /** The training run's stub API, started on first use. */
  static synchronized StubApiServer api() {
    if (api == null) {
      api = StubApiServer.start();
    }
    return api;
  }
}
