package io.aegis.diagnose.analyzer;

import io.aegis.kernel.ai.PromptKind;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;
import java.util.Set;

/**
 * Finds why a Node is unhealthy from its conditions, taints, warning events and (optionally) the
 * output of a collector pod that ran on it. Pure: the caller fetches.
 */
public final class NodeAnalyzer {
  static final String READY = "Ready";
  static final Set<String> PRESSURE =
      Set.of("MemoryPressure", "DiskPressure", "PIDPressure", "NetworkUnavailable");

  /** Conditions whose True status is healthy (besides Ready). */
  static final Set<String> TRUE_IS_HEALTHY = Set.of("EtcdIsVoter");

  /** Taints the node lifecycle controller derives from conditions already reported. */
  static final Set<String> CONDITION_TAINTS =
      Set.of(
          "node.kubernetes.io/not-ready",
          "node.kubernetes.io/unreachable",
          "node.kubernetes.io/memory-pressure",
          "node.kubernetes.io/disk-pressure",
          "node.kubernetes.io/pid-pressure",
          "node.kubernetes.io/network-unavailable");

  static final String UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable";

  private final int maxEvents;

  public NodeAnalyzer(int maxEvents) {
    this.maxEvents = maxEvents;
  }

  /** True when a collector pod can run on the node (it is Ready). */
  public static boolean ready(Node node) {
    return conditions(node).stream()
        .anyMatch(c -> READY.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * @param events the node's events (any type; only Warnings are reported)
   * @param collectorInfos sections of the collector's output, empty when it did not run
   */
  public Analysis analyze(Node node, List<Event> events, List<String> collectorInfos) {
    Analysis.Builder out = Analysis.builder(PromptKind.DIAGNOSE_NODE);
    List<NodeCondition> conditions = conditions(node);
    boolean readyKnown = false;
    for (NodeCondition c : conditions) {
      String type = c.getType();
      String status = c.getStatus();
      if (READY.equals(type)) {
        readyKnown = true;
        if (!"True".equals(status)) {
          out.failure(FindingType.NODE_NOT_READY, conditionLine(c));
          if (!"False".equals(status)) {
            out.undetermined();
          }
        }
      } else if ("True".equals(status) && !TRUE_IS_HEALTHY.contains(type)) {
        out.failure(
            PRESSURE.contains(type) ? FindingType.NODE_PRESSURE : FindingType.NODE_CONDITION,
            conditionLine(c));
      } else if ("Unknown".equals(status) && ready(node)) {
        // With the node NotReady every condition is Unknown: that is the Ready failure again.
        out.warning(FindingType.NODE_CONDITION, conditionLine(c));
      }
    }
    if (!readyKnown) {
      out.undetermined();
      out.warning(FindingType.NODE_NOT_READY, "node reports no Ready condition");
    }
    boolean cordoned =
        node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    if (cordoned) {
      out.warning(
          FindingType.NODE_TAINT,
          "node is cordoned (spec.unschedulable=true): no new pods are scheduled on it");
    }
    for (Taint t : taints(node)) {
      if (CONDITION_TAINTS.contains(t.getKey())
          || cordoned && UNSCHEDULABLE_TAINT.equals(t.getKey())) {
        continue;
      }
      if ("NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect())) {
        out.warning(FindingType.NODE_TAINT, "node has taint " + taint(t) + effect(t));
      }
    }
    for (EventLines.Merged e : EventLines.warnings(events, maxEvents)) {
      out.warning(FindingType.EVENT, e.line());
    }
    for (String section : collectorInfos) {
      out.info(FindingType.CONTEXT, section);
    }
    return out.build();
  }

  /** {@code condition Ready is False (KubeletNotReady): container runtime is down}. */
  static String conditionLine(NodeCondition c) {
    StringBuilder s =
        new StringBuilder("condition ")
            .append(c.getType())
            .append(" is ")
            .append(c.getStatus() == null ? "not reported" : c.getStatus());
    if (c.getReason() != null && !c.getReason().isBlank()) {
      s.append(" (").append(c.getReason()).append(')');
    }
    if (c.getMessage() != null && !c.getMessage().isBlank()) {
      s.append(": ").append(c.getMessage().strip());
    }
    if (c.getLastTransitionTime() != null) {
      s.append(" since ").append(c.getLastTransitionTime());
    }
    return s.toString();
  }

  private static String taint(Taint t) {
    String value = t.getValue() == null || t.getValue().isEmpty() ? "" : "=" + t.getValue();
    return t.getKey() + value + ":" + t.getEffect();
  }

  private static String effect(Taint t) {
    return "NoExecute".equals(t.getEffect())
        ? " (pods without a matching toleration are evicted)"
        : " (pods without a matching toleration are not scheduled here)";
  }

  private static List<NodeCondition> conditions(Node node) {
    return node.getStatus() == null || node.getStatus().getConditions() == null
        ? List.of()
        : node.getStatus().getConditions();
  }

  private static List<Taint> taints(Node node) {
    return node.getSpec() == null || node.getSpec().getTaints() == null
        ? List.of()
        : node.getSpec().getTaints();
  }
}
