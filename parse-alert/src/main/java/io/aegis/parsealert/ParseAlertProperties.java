package io.aegis.parsealert;

import static io.aegis.kernel.config.PropertyChecks.atLeast;
import static io.aegis.kernel.config.PropertyChecks.notBlank;
import static io.aegis.kernel.config.PropertyChecks.required;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of parse-alert, under {@code aegis.*}. Binding fails at startup when a value is invalid.
 *
 * @param webhook the HTTP webhook endpoints
 * @param alert where and how alerts are recorded
 * @param systemParameters copied as annotations onto every alert (and so become template variables,
 *     e.g. {@code cluster: prod-a})
 */
@ConfigurationProperties("aegis")
public record ParseAlertProperties(
    @DefaultValue Webhook webhook,
    @DefaultValue Alert alert,
    @DefaultValue Map<String, String> systemParameters) {

  public ParseAlertProperties {
    required("aegis.webhook", webhook);
    required("aegis.alert", alert);
    required("aegis.system-parameters", systemParameters);
  }

  /**
   * @param token bearer token the webhooks require ({@code Authorization: Bearer <token>}); empty
   *     means no authentication (keep the Service cluster-local then)
   * @param maxBodySize largest accepted request body; larger ones are answered 413 while reading
   */
  public record Webhook(@DefaultValue("") String token, @DefaultValue("1MB") DataSize maxBodySize) {
    public Webhook {
      if (maxBodySize == null || maxBodySize.toBytes() <= 0) {
        throw new IllegalArgumentException("aegis.webhook.max-body-size must be positive");
      }
    }

    boolean requiresToken() {
      return token != null && !token.isBlank();
    }
  }

  /**
   * @param namespace namespace the AegisAlerts are created in (the original's {@code
   *     alert.publish-namespace}); rules, templates and workflows usually live there too
   * @param episodeCacheSize how many fingerprints' last-written episode this process remembers as a
   *     hint, so that a repeat is one guarded write instead of a list and a write; 0 turns it off
   * @param reannounceInterval how long after an episode was announced its repeats stay quiet while
   *     match-rule has not picked it up yet (0: re-announce on every repeat); keep it well under
   *     track-status' {@code stuck-after}
   */
  public record Alert(
      @DefaultValue("monitoring") String namespace,
      @DefaultValue("1024") int episodeCacheSize,
      @DefaultValue("5s") Duration reannounceInterval) {
    public Alert {
      notBlank("aegis.alert.namespace", namespace);
      atLeast("aegis.alert.episode-cache-size", episodeCacheSize, 0);
      if (required("aegis.alert.reannounce-interval", reannounceInterval).isNegative()) {
        throw new IllegalArgumentException("aegis.alert.reannounce-interval must not be negative");
      }
    }
  }
}
