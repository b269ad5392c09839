package io.aegis.matchrule;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A compiled Kubernetes {@link LabelSelector} evaluated in Java (the fabric8 mock server ignores
 * set-based selectors, and matching runs over the alert's labels, not through the API). {@code
 * matchLabels} and every {@code matchExpressions} requirement must hold; an absent or empty
 * selector matches everything, as in the original.
 */
final class LabelSelectorMatcher implements Predicate<Map<String, String>> {
  static final LabelSelectorMatcher EVERYTHING = new LabelSelectorMatcher(List.of());

  private final List<Predicate<Map<String, String>>> requirements;

  private LabelSelectorMatcher(List<Predicate<Map<String, String>>> requirements) {
    this.requirements = requirements;
  }

  /**
   * Compiles {@code selector}.
   *
   * @throws IllegalArgumentException naming the offending requirement when the selector is not
   *     valid (unknown operator, {@code In}/{@code NotIn} without values, {@code Exists} with
   *     values)
   */
  static LabelSelectorMatcher compile(LabelSelector selector) {
    if (selector == null) {
      return EVERYTHING;
    }
    List<Predicate<Map<String, String>>> requirements = new ArrayList<>();
    if (selector.getMatchLabels() != null) {
      selector
          .getMatchLabels()
          .forEach(
              (key, value) -> {
                requireKey(key, "matchLabels");
                requirements.add(labels -> value != null && value.equals(labels.get(key)));
              });
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        requirements.add(requirement(r));
      }
    }
    return requirements.isEmpty()
        ? EVERYTHING
        : new LabelSelectorMatcher(List.copyOf(requirements));
  }

  @Override
  public boolean test(Map<String, String> labels) {
    for (Predicate<Map<String, String>> r : requirements) {
      if (!r.test(labels)) {
        return false;
      }
    }
    return true;
  }

  private static Predicate<Map<String, String>> requirement(LabelSelectorRequirement r) {
    String key = r.getKey();
    requireKey(key, "matchExpressions");
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    String operator = r.getOperator() == null ? "" : r.getOperator();
    switch (operator) {
      case "In":
        requireValues(key, operator, values);
        Set<String> in = Set.copyOf(values);
        return labels -> labels.containsKey(key) && in.contains(labels.get(key));
      case "NotIn":
        requireValues(key, operator, values);
        Set<String> notIn = Set.copyOf(values);
        return labels -> !labels.containsKey(key) || !notIn.contains(labels.get(key));
      case "Exists":
        requireNoValues(key, operator, values);
        return labels -> labels.containsKey(key);
      case "DoesNotExist":
        requireNoValues(key, operator, values);
        return labels -> !labels.containsKey(key);
      default:
        throw new IllegalArgumentException(
            "selector operator '"
                + operator
                + "' for key '"
                + key
                + "' is not one of In, NotIn, Exists, DoesNotExist");
    }
  }

  private static void requireKey(String key, String where) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("selector " + where + " has an empty key");
    }
  }

  private static void requireValues(String key, String operator, List<String> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException(
          "selector " + operator + " for key '" + key + "' needs at least one value");
    }
  }

  private static void requireNoValues(String key, String operator, List<String> values) {
    if (!values.isEmpty()) {
      throw new IllegalArgumentException(
          "selector " + operator + " for key '" + key + "' must not list values");
    }
  }
}
