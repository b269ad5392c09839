package io.aegis.bench;

import io.aegis.kernel.crd.AegisAlert;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The throughput benchmark's workload: a storm of distinct alerts as parse-alert receives them, and
 * the raw-API operations that stand for recording them (the baseline).
 */
final class StormAlerts {
  private StormAlerts() {}

  /** The custom-format alert {@code i} of the round tagged {@code tag}. */
  static String alert(String tag, int i) {
    return """
        {"type":"BenchStorm%d","status":"Firing",
         "involvedObject":{"kind":"Node","name":"node-%d"},
         "details":{"rack":"r%d","reason":"bench"},
         "fingerprint":"%s-fp-%d"}"""
        .formatted(i % 20, i, i % 8, tag, i);
  }

  /** What parse-alert stores for a new alert, as one raw create; returns the server's answer. */
  static AegisAlert create(KubernetesClient client, String tag, int i) {
    AegisAlert a =
        Serialization.unmarshal(
            """
            {"apiVersion":"aegis.io/v1alpha1","kind":"AegisAlert",
             "metadata":{"name":"default-benchstorm%1$d-%2$s-%3$d","namespace":"%4$s",
              "labels":{"alert-source-type":"Default","alert-type":"BenchStorm%1$d",
               "alert-status":"Firing","fingerprint":"%2$s-fp-%3$d","aegis.io/node":"node-%3$d",
               "rack":"r%5$d","reason":"bench"}},
             "spec":{"source":"Default","type":"BenchStorm%1$d","status":"Firing",
              "involvedObject":{"kind":"Node","name":"node-%3$d","node":"node-%3$d"},
              "details":{"rack":"r%5$d","reason":"bench"},"fingerprint":"%2$s-fp-%3$d"}}"""
                .formatted(i % 20, tag, i, Probes.NS, i % 8),
            AegisAlert.class);
    return client.resource(a).create();
  }

  /**
   * What a delivery writes to the status, as one raw status merge patch of an object held from its
   * create (so fabric8 sends the PATCH alone).
   */
  static void patch(KubernetesClient client, AegisAlert held, int count) {
    client
        .resource(held)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"count\":"
                + count
                + ",\"status\":\"Firing\",\"startTime\":\"2026-11-21T00:00:00Z\","
                + "\"lastSeenTime\":\"2026-11-21T00:00:00Z\"}}");
  }
}
