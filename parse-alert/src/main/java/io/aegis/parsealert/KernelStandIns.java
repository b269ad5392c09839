package io.aegis.parsealert;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.aegis.kernel.json.Json;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * TEMPORARY stand-ins for kernel helpers ({@code io.aegis.kernel.kube.StatusWriter}, {@code Names},
 * {@code Labels}) that are being built on other branches. Deleted when they are merged.
 */
final class KernelStandIns {
  private static final Pattern LABEL_NAME =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  static String alertName(String source, String type, String seed) {
    String prefix = (source + "-" + type).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    if (prefix.length() > 57) {
      prefix = prefix.substring(0, 57);
    }
    String hash = new BigInteger(1, Alert.sha256Hex(seed).substring(0, 12).getBytes()).toString(36);
    return prefix + "-" + hash.substring(hash.length() - 5);
  }

  static boolean isLabelValue(String value) {
    return value != null
        && value.length() <= 63
        && (value.isEmpty() || LABEL_NAME.matcher(value).matches());
  }

  static boolean isLabelKey(String key) {
    if (key == null || key.isEmpty()) {
      return false;
    }
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      if (prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
        return false;
      }
    }
    return !name.isEmpty() && name.length() <= 63 && LABEL_NAME.matcher(name).matches();
  }

  static String sanitizeLabelValue(String value) {
    String s = value.replaceAll("[^A-Za-z0-9_.-]", "-");
    if (s.length() > 63) {
      s = s.substring(0, 63);
    }
    return s.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
  }

  /** Status writes guarded by resourceVersion (merge patch carrying it), retried on 409. */
  static final class StatusWriter {
    private final KubernetesClient client;

    StatusWriter(KubernetesClient client) {
      this.client = client;
    }

    AegisAlert update(String ns, String name, Consumer<AegisAlertStatus> mutate) {
      for (int attempt = 0; attempt < 200; attempt++) {
        AegisAlert current =
            client.resources(AegisAlert.class).inNamespace(ns).withName(name).get();
        if (current == null) {
          throw new AegisException(
              Reason.API_UNAVAILABLE, "alert " + ns + "/" + name + " vanished");
        }
        AegisAlertStatus before =
            current.getStatus() == null ? new AegisAlertStatus() : current.getStatus();
        AegisAlertStatus after =
            Json.MAPPER.convertValue(Json.MAPPER.valueToTree(before), AegisAlertStatus.class);
        mutate.accept(after);
        if (Objects.equals(Json.MAPPER.valueToTree(before), Json.MAPPER.valueToTree(after))) {
          return current;
        }
        String patch =
            new String(
                Json.write(
                    Map.of(
                        "metadata",
                        Map.of("resourceVersion", current.getMetadata().getResourceVersion()),
                        "status",
                        after)));
        try {
          return client
              .resources(AegisAlert.class)
              .inNamespace(ns)
              .withName(name)
              .subresource("status")
              .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) {
            throw e;
          }
          Thread.onSpinWait();
          if (attempt > 5) {
            try {
              Thread.sleep(ThreadLocalRandom.current().nextInt(1, 10));
            } catch (InterruptedException ie) {
              Thread.currentThread().interrupt();
              throw new AegisException(Reason.CONFLICT, "interrupted", ie);
            }
          }
        }
      }
      throw new AegisException(Reason.CONFLICT, "too many conflicts on " + ns + "/" + name);
    }
  }

  private KernelStandIns() {}
}
