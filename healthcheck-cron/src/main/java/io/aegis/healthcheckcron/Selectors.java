package io.aegis.healthcheckcron;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Label selectors and node eligibility, evaluated here rather than by the API server: the API
 * server's list filtering is only an optimisation, and fabric8's mock ignores set-based selectors.
 */
final class Selectors {
  private Selectors() {}

  /**
   * True when {@code labels} match {@code selector}: every {@code matchLabels} entry and every
   * {@code matchExpressions} requirement. A null or empty selector matches everything (a rule
   * ConfigMap selector left out selects every ConfigMap, as in the Go original).
   */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    Map<String, String> actual = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        if (!Objects.equals(actual.get(e.getKey()), e.getValue())) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        if (!requirement(r.getKey(), r.getOperator(), r.getValues(), actual)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * True when a pod with {@code spec} may run on {@code node} by its labels and taints: the {@code
   * nodeSelector} matches, a required node affinity (if any) matches, and every {@code NoSchedule}
   * / {@code NoExecute} taint is tolerated. Cordoned and NotReady nodes carry such taints, so they
   * are skipped unless the template tolerates them.
   */
  static boolean eligible(Node node, PodSpec spec) {
    Map<String, String> labels =
        node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    if (spec.getNodeSelector() != null) {
      for (Map.Entry<String, String> e : spec.getNodeSelector().entrySet()) {
        if (!Objects.equals(labels.get(e.getKey()), e.getValue())) {
          return false;
        }
      }
    }
    if (!affinityMatches(requiredAffinity(spec), node.getMetadata().getName(), labels)) {
      return false;
    }
    List<Taint> taints = node.getSpec() == null ? null : node.getSpec().getTaints();
    if (taints == null) {
      return true;
    }
    List<Toleration> tolerations =
        spec.getTolerations() == null ? List.of() : spec.getTolerations();
    for (Taint taint : taints) {
      if ("PreferNoSchedule".equals(taint.getEffect())) {
        continue;
      }
      if (tolerations.stream().noneMatch(t -> tolerates(t, taint))) {
        return false;
      }
    }
    return true;
  }

  /** Kubernetes' toleration rule: key (or empty key with Exists), operator, value and effect. */
  static boolean tolerates(Toleration toleration, Taint taint) {
    String effect = toleration.getEffect();
    if (effect != null && !effect.isEmpty() && !effect.equals(taint.getEffect())) {
      return false;
    }
    String key = toleration.getKey();
    boolean exists = "Exists".equals(toleration.getOperator());
    if (key == null || key.isEmpty()) {
      return exists;
    }
    if (!key.equals(taint.getKey())) {
      return false;
    }
    if (exists) {
      return true;
    }
    return Objects.equals(nullToEmpty(toleration.getValue()), nullToEmpty(taint.getValue()));
  }

  private static NodeSelector requiredAffinity(PodSpec spec) {
    if (spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null) {
      return null;
    }
    return spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
  }

  /** Terms are ORed, requirements within a term ANDed; {@code metadata.name} fields supported. */
  private static boolean affinityMatches(
      NodeSelector selector, String nodeName, Map<String, String> labels) {
    if (selector == null
        || selector.getNodeSelectorTerms() == null
        || selector.getNodeSelectorTerms().isEmpty()) {
      return true;
    }
    for (NodeSelectorTerm term : selector.getNodeSelectorTerms()) {
      if (termMatches(term, nodeName, labels)) {
        return true;
      }
    }
    return false;
  }

  private static boolean termMatches(
      NodeSelectorTerm term, String nodeName, Map<String, String> labels) {
    boolean any = false;
    if (term.getMatchExpressions() != null) {
      for (NodeSelectorRequirement r : term.getMatchExpressions()) {
        any = true;
        if (!requirement(r.getKey(), r.getOperator(), r.getValues(), labels)) {
          return false;
        }
      }
    }
    if (term.getMatchFields() != null) {
      for (NodeSelectorRequirement r : term.getMatchFields()) {
        any = true;
        Map<String, String> fields =
            nodeName == null ? Map.of() : Map.of("metadata.name", nodeName);
        if (!requirement(r.getKey(), r.getOperator(), r.getValues(), fields)) {
          return false;
        }
      }
    }
    return any; // an empty term matches no node (Kubernetes semantics)
  }

  private static boolean requirement(
      String key, String operator, List<String> values, Map<String, String> labels) {
    String actual = labels.get(key);
    List<String> vs = values == null ? List.of() : values;
    switch (operator == null ? "" : operator) {
      case "In":
        return actual != null && vs.contains(actual);
      case "NotIn":
        return actual == null || !vs.contains(actual);
      case "Exists":
        return actual != null;
      case "DoesNotExist":
        return actual == null;
      case "Gt":
      case "Lt":
        return compare(actual, vs, operator);
      default:
        return false; // unknown operators select nothing rather than everything
    }
  }

  private static boolean compare(String actual, List<String> values, String operator) {
    if (actual == null || values.size() != 1) {
      return false;
    }
    try {
      long a = Long.parseLong(actual);
      long v = Long.parseLong(values.get(0));
      return "Gt".equals(operator) ? a > v : a < v;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
