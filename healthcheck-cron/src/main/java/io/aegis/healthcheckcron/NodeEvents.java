package io.aegis.healthcheckcron;

import io.aegis.healthcheckcron.Findings.Finding;
import io.aegis.kernel.crd.AegisNodeHealthCheck;
import io.aegis.kernel.kube.Names;
import io.aegis.kernel.kube.Timestamps;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Warning Events on a Node, one per failing item of a node check, as the Go original's {@code
 * --nodecheck.fireevent} did: reason = the item's condition, shown by {@code kubectl describe
 * node}. Events about a Node (cluster-scoped) live in namespace {@code default}. Names are
 * deterministic per (node check, module, item), so a redelivery creates nothing twice.
 */
@Component
class NodeEvents {
  static final String NAMESPACE = "default";
  static final String COMPONENT = "aegis-healthcheck-cron";

  private static final int MAX_REASON_LENGTH = 128;

  private static final Logger log = LoggerFactory.getLogger(NodeEvents.class);

  private final KubernetesClient client;
  private final Clock clock;

  NodeEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  void emit(AegisNodeHealthCheck check, List<Finding> findings) {
    String nodeName = check.getSpec().node;
    Node node = client.nodes().withName(nodeName).get();
    if (node == null) {
      log.warn("node {} is gone: no events for its {} failing items", nodeName, findings.size());
      return;
    }
    for (Finding f : findings) {
      Event event = event(check, node, f);
      try {
        KubeCalls.createOrGet(client, event);
      } catch (KubernetesClientException e) {
        if (!KubeCalls.isPermanent(e)) {
          throw KubeCalls.unavailable("creating an event on node " + nodeName, e);
        }
        // An event is a courtesy: a refusal (RBAC) must not fail the check.
        log.warn("cannot create an event on node {}: {}", nodeName, KubeCalls.describe(e));
      }
    }
  }

  Event event(AegisNodeHealthCheck check, Node node, Finding f) {
    String now = Timestamps.now(clock);
    String seed =
        check.getMetadata().getUid() + "/" + f.module() + "/" + f.item().item + "/" + f.type();
    String message =
        "["
            + f.module()
            + "/"
            + f.item().item
            + "] "
            + (f.item().message == null ? f.type() : f.item().message)
            + (f.item().level == null ? "" : " (level " + f.item().level + ")")
            + " - AegisNodeHealthCheck "
            + check.getMetadata().getNamespace()
            + "/"
            + check.getMetadata().getName();
    return new EventBuilder()
        .withNewMetadata()
        .withName(Names.withHashSuffix(node.getMetadata().getName(), seed))
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion("v1")
        .withKind("Node")
        .withName(node.getMetadata().getName())
        .withUid(node.getMetadata().getUid())
        .endInvolvedObject()
        .withType("Warning")
        .withReason(truncate(f.type(), MAX_REASON_LENGTH))
        .withMessage(message)
        .withNewSource()
        .withComponent(COMPONENT)
        .withHost(node.getMetadata().getName())
        .endSource()
        .withReportingComponent(COMPONENT)
        .withReportingInstance(COMPONENT)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .build();
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
