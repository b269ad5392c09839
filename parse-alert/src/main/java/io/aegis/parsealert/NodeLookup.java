package io.aegis.parsealert;

import io.aegis.kernel.kube.ConditionReasons;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node of a new alert and, when it is unknown, why (a {@code NodeKnown=False} condition).
 *
 * @param node the node, empty when unknown
 * @param reason the condition's reason when the node is unknown, else null
 * @param message the condition's message when the node is unknown, else null
 */
record NodeLookup(String node, String reason, String message) {
  private static final Logger log = LoggerFactory.getLogger(NodeLookup.class);

  /** Only a Pod without a given node is looked up (one GET). Never fails. */
  static NodeLookup of(KubernetesClient client, Alert alert) {
    if (!alert.node().isEmpty() || !alert.isPod()) {
      return new NodeLookup(alert.node(), null, null);
    }
    String pod = alert.namespace() + "/" + alert.name();
    try {
      Pod found = client.pods().inNamespace(alert.namespace()).withName(alert.name()).get();
      if (found == null) {
        return unknown(ConditionReasons.POD_NOT_FOUND, "pod " + pod + " not found");
      }
      String node = found.getSpec() == null ? null : found.getSpec().getNodeName();
      if (node == null || node.isEmpty()) {
        return unknown(
            ConditionReasons.POD_NOT_SCHEDULED, "pod " + pod + " is not scheduled on a node");
      }
      return new NodeLookup(node, null, null);
    } catch (KubernetesClientException e) {
      log.warn("cannot look up pod {}: {}", pod, e.getMessage());
      return unknown(
          ConditionReasons.POD_LOOKUP_FAILED, "cannot look up pod " + pod + ": " + e.getMessage());
    }
  }

  private static NodeLookup unknown(String reason, String message) {
    return new NodeLookup("", reason, message + "; the alert is recorded without a node");
  }
}
