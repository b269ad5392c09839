package io.aegis.kernel.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.jvm.JvmMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.LogbackMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.system.SystemMetricsAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * JVM, system and Logback meters bound on the first Prometheus scrape instead of at startup ({@link
 * DeferredMeterBinders}). The kernel excludes Spring Boot's own auto-configurations of them ({@code
 * kernel-defaults.properties}); a module that brings them back (its own {@code
 * spring.autoconfigure.exclude}) gets Boot's eager binders and this backs off.
 */
@AutoConfiguration(
    after = {
      MetricsAutoConfiguration.class,
      CompositeMeterRegistryAutoConfiguration.class,
      PrometheusMetricsExportAutoConfiguration.class,
      JvmMetricsAutoConfiguration.class,
      SystemMetricsAutoConfiguration.class,
      LogbackMetricsAutoConfiguration.class
    })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnMissingBean({JvmGcMetrics.class, ProcessorMetrics.class})
public class DeferredMetricsAutoConfiguration {

  @Bean
  public DeferredMeterBinders deferredMeterBinders(
      MeterRegistry registry, MetricsProperties properties) {
    return new DeferredMeterBinders(registry, properties.getSystem().getDiskspace().getPaths());
  }

  @Bean
  public FilterRegistrationBean<DeferredMeterBindersFilter> deferredMeterBindersFilter(
      DeferredMeterBinders binders) {
    FilterRegistrationBean<DeferredMeterBindersFilter> registration =
        new FilterRegistrationBean<>(new DeferredMeterBindersFilter(binders));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
    return registration;
  }
}
