package io.aegis.kernel.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.micrometer.metrics.system.DiskSpaceMetricsBinder;
import org.springframework.util.ClassUtils;

/**
 * The JVM, system and Logback meters Spring Boot binds at startup (its {@code
 * JvmMetricsAutoConfiguration}, {@code SystemMetricsAutoConfiguration} and {@code
 * LogbackMetricsAutoConfiguration}, which the kernel excludes), bound to the registry on the first
 * scrape of {@code /actuator/prometheus} instead ({@link DeferredMeterBindersFilter}).
 *
 * <p>Why (docs/performance.md): binding them looks up the platform MXBeans, registers GC
 * notification listeners and a Logback turbo filter and creates some 60 meters — about 4 % of the
 * CPU of a scale-from-zero start that nobody reads until Prometheus scrapes. The meters are the
 * same, with the same names and tags; counters of events (GC pauses, log events) count from the
 * first scrape, which Prometheus' {@code rate()} and {@code increase()} handle as a restart.
 */
public final class DeferredMeterBinders implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(DeferredMeterBinders.class);

  private final MeterRegistry registry;
  private final List<File> diskSpacePaths;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private volatile boolean bound;

  /**
   * @param registry where the meters go
   * @param diskSpacePaths paths whose free and total space are measured ({@code
   *     management.metrics.system.diskspace.paths}, default {@code .})
   */
  public DeferredMeterBinders(MeterRegistry registry, List<File> diskSpacePaths) {
    this.registry = registry;
    this.diskSpacePaths = List.copyOf(diskSpacePaths);
  }

  /** Whether the meters are bound. */
  public boolean bound() {
    return bound;
  }

  /** Binds the meters, once; later calls return at once. */
  public void bindOnce() {
    if (bound) {
      return;
    }
    synchronized (this) {
      if (bound) {
        return;
      }
      long start = System.nanoTime();
      for (MeterBinder binder : binders()) {
        binder.bindTo(registry);
        if (binder instanceof AutoCloseable closeable) {
          closeables.add(closeable);
        }
      }
      bound = true;
      log.debug("JVM and system meters bound in {} ms", (System.nanoTime() - start) / 1_000_000);
    }
  }

  List<MeterBinder> binders() {
    List<MeterBinder> binders = new ArrayList<>();
    binders.add(new JvmGcMetrics());
    binders.add(new JvmHeapPressureMetrics());
    binders.add(new JvmMemoryMetrics());
    binders.add(new JvmThreadMetrics());
    binders.add(new ClassLoaderMetrics());
    binders.add(new JvmInfoMetrics());
    binders.add(new JvmCompilationMetrics());
    binders.add(new UptimeMetrics());
    binders.add(new ProcessorMetrics());
    binders.add(new FileDescriptorMetrics());
    binders.add(new DiskSpaceMetricsBinder(diskSpacePaths, Tags.empty()));
    if (ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext", null)
        && LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext) {
      binders.add(new LogbackMetrics());
    }
    return binders;
  }

  @Override
  public synchronized void destroy() {
    for (AutoCloseable closeable : closeables) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.debug("closing {} failed", closeable, e);
      }
    }
    closeables.clear();
  }
}
