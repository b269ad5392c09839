package io.aegis.kernel.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * The JVM, system and Logback meters are not bound at startup but before the first scrape of {@code
 * /actuator/prometheus} is answered, which already has them, and only once.
 */
@SpringBootTest(
    classes = DeferredMetricsIT.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.application.name=metrics-test", "aegis.sink.url="})
class DeferredMetricsIT {
  @LocalServerPort int port;
  @Autowired MeterRegistry registry;
  @Autowired DeferredMeterBinders binders;
  @Autowired ApplicationContext context;

  @Test
  void boundOnTheFirstScrapeNotAtStartup() {
    assertThat(context.getBeansOfType(JvmGcMetrics.class))
        .as("Boot's eager binders are excluded")
        .isEmpty();
    assertThat(binders.bound()).isFalse();
    assertThat(registry.find("jvm.memory.used").gauges()).isEmpty();

    HttpResponse<String> health = get("/actuator/health/liveness");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(binders.bound()).as("only a scrape binds them").isFalse();

    HttpResponse<String> first = get("/actuator/prometheus");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body())
        .contains("jvm_memory_used_bytes")
        .contains("jvm_gc_")
        .contains("jvm_threads_live_threads")
        .contains("jvm_classes_loaded_classes")
        .contains("jvm_info")
        .contains("process_uptime_seconds")
        .contains("system_cpu_count")
        .contains("process_files_open_files")
        .contains("disk_free_bytes")
        .contains("logback_events_total");
    assertThat(binders.bound()).isTrue();
    assertThat(get("/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
  }

  private HttpResponse<String> get(String path) {
    try {
      return HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .build()
          .send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @SpringBootApplication(proxyBeanMethods = false)
  static class App {}
}
