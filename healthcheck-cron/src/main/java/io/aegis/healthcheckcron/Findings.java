package io.aegis.healthcheckcron;

import io.aegis.kernel.crd.CheckItemResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The failing items of a node check's results. As in the Go original, {@code status: true} means
 * the item's condition holds — the problem it looks for was found ({@code IBDeviceMountFailed:
 * true}); {@code false} or no status means the item passed.
 */
final class Findings {
  /** One failing item and the module that reported it. */
  record Finding(String module, CheckItemResult item) {
    /** What the finding is called: the item's condition, or the item when it names none. */
    String type() {
      return item.condition == null || item.condition.isBlank() ? item.item : item.condition;
    }
  }

  private Findings() {}

  static boolean isFailing(CheckItemResult item) {
    return item != null && Boolean.TRUE.equals(item.status);
  }

  static List<Finding> of(Map<String, List<CheckItemResult>> results) {
    List<Finding> out = new ArrayList<>();
    if (results == null) {
      return out;
    }
    results.forEach(
        (module, items) -> {
          if (items != null) {
            items.stream()
                .filter(Findings::isFailing)
                .forEach(i -> out.add(new Finding(module, i)));
          }
        });
    return out;
  }

  /** Only the failing items, per module; modules without one are left out. */
  static Map<String, List<CheckItemResult>> failingByModule(
      Map<String, List<CheckItemResult>> results) {
    Map<String, List<CheckItemResult>> out = new LinkedHashMap<>();
    for (Finding f : of(results)) {
      out.computeIfAbsent(f.module(), k -> new ArrayList<>()).add(f.item());
    }
    return out;
  }
}
