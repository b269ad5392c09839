package io.aegis.kernel.config;

import static io.aegis.kernel.config.PropertyChecks.between;
import static io.aegis.kernel.config.PropertyChecks.positive;
import static io.aegis.kernel.config.PropertyChecks.required;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The kernel's own knobs, bound from {@code aegis.*} and checked at startup ({@link
 * PropertyChecks}). Function-specific settings live in each function's properties record, not here.
 * Kubernetes access has no knobs of its own: the client reads the standard kubeconfig / in-cluster
 * configuration and fabric8's {@code KUBERNETES_*} environment variables.
 *
 * @param sink where {@link io.aegis.kernel.cloudevents.EventPublisher} sends events
 */
@ConfigurationProperties("aegis")
public record KernelProperties(@DefaultValue Sink sink) {

  public KernelProperties {
    required("aegis.sink", sink);
  }

  /**
   * The {@code K_SINK} publisher. Defaults for {@code url} and {@code ce-overrides} come from the
   * {@code K_SINK} and {@code K_CE_OVERRIDES} environment variables that Knative's SinkBinding
   * injects (see {@code kernel-defaults.properties}).
   *
   * @param url broker URL events are POSTed to; blank = publishing is a logged no-op (default
   *     {@code ${K_SINK}})
   * @param ceOverrides JSON {@code {"extensions":{...}}} added to every published event (default
   *     {@code ${K_CE_OVERRIDES}})
   * @param timeout hard bound on one {@code publish} call, retries and backoff included (default
   *     10s)
   * @param requestTimeout bound on a single POST attempt (default 3s)
   * @param attempts POST attempts before giving up, first one included, 1–20 (default 5)
   * @param initialBackoff pause after the first failed attempt, doubled each retry (default 100ms)
   * @param maxBackoff longest pause between attempts (default 2s)
   */
  public record Sink(
      String url,
      String ceOverrides,
      @DefaultValue("10s") Duration timeout,
      @DefaultValue("3s") Duration requestTimeout,
      @DefaultValue("5") int attempts,
      @DefaultValue("100ms") Duration initialBackoff,
      @DefaultValue("2s") Duration maxBackoff) {

    public Sink {
      url = url == null || url.isBlank() ? null : url.trim();
      ceOverrides = ceOverrides == null || ceOverrides.isBlank() ? null : ceOverrides.trim();
      if (url != null) {
        URI uri = URI.create(url);
        if (!uri.isAbsolute()
            || !("http".equalsIgnoreCase(uri.getScheme())
                || "https".equalsIgnoreCase(uri.getScheme()))) {
          throw new IllegalArgumentException(
              "aegis.sink.url (K_SINK) must be an absolute http(s) URL, got '" + url + "'");
        }
      }
      positive("aegis.sink.timeout", timeout);
      positive("aegis.sink.request-timeout", requestTimeout);
      between("aegis.sink.attempts", attempts, 1, 20);
      positive("aegis.sink.initial-backoff", initialBackoff);
      positive("aegis.sink.max-backoff", maxBackoff);
    }

    /** The sink URL, or null when none is configured. */
    public URI uri() {
      return url == null ? null : URI.create(url);
    }
  }
}
