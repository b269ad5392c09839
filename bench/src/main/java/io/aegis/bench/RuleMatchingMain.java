package io.aegis.bench;

import io.aegis.kernel.crd.AegisAlertOpsRule;
import io.aegis.kernel.crd.AegisAlertOpsRuleSpec;
import io.aegis.kernel.crd.AlertCondition;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.crd.ObjectReference;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Child process of the rule-matching benchmark, started on match-rule's production classpath (its
 * extracted {@code application.jar}) with the image's JVM options: builds match-rule's own {@code
 * RuleIndex} (package-private, reached by reflection so the harness needs no build dependency on
 * the module) over N generated rules and times {@code select} per alert; the baseline, timed in
 * alternation, is a linear scan over the same rules (precompiled patterns, same semantics: exact
 * type or whole-type regex, status, matchLabels, highest priority wins) — matching without an
 * index. Prints one CSV line per sample: {@code rules,who,sample,ns_per_alert}, and {@code
 * rules,build,<ms>} for the index build.
 *
 * <p>Rules: 99% exact types (one type per rule), 1% regular expressions (at least one); half the
 * rules have a matchLabels selector. Alerts: 70% of an exact rule's type, 20% matched by a regex
 * rule, 10% matched by nothing.
 */
public final class RuleMatchingMain {
  record Alert(String type, AlertStatus status, Map<String, String> labels) {}

  record Naive(
      String type,
      Pattern pattern,
      AlertStatus status,
      Map<String, String> selector,
      int priority,
      String name) {}

  public static void main(String[] args) throws Exception {
    int samples = Integer.parseInt(args[0]);
    List<Integer> sizes = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      sizes.add(Integer.parseInt(args[i]));
    }
    Class<?> indexClass = Class.forName("io.aegis.matchrule.RuleIndex");
    Method of = indexClass.getDeclaredMethod("of", Collection.class);
    Method select =
        indexClass.getDeclaredMethod("select", String.class, AlertStatus.class, Map.class);
    of.setAccessible(true);
    select.setAccessible(true);
    for (int n : sizes) {
      List<AegisAlertOpsRule> rules = rules(n);
      List<Naive> naive = naive(rules);
      List<Alert> alerts = alerts(n, 4096);
      long b0 = System.nanoTime();
      Object index = of.invoke(null, rules);
      double buildMs = (System.nanoTime() - b0) / 1e6;
      // Index builds after warm-up (the first includes class loading and interpretation).
      for (int i = 0; i < 3; i++) {
        b0 = System.nanoTime();
        index = of.invoke(null, rules);
        buildMs = Math.min(buildMs, (System.nanoTime() - b0) / 1e6);
      }
      System.out.printf(Locale.ROOT, "%d,build,0,%.3f%n", n, buildMs);
      Object finalIndex = index;
      Lookup indexed =
          a -> {
            try {
              return select.invoke(finalIndex, a.type, a.status, a.labels) != null ? 1 : 0;
            } catch (ReflectiveOperationException e) {
              throw new IllegalStateException(e);
            }
          };
      Lookup scan = a -> scan(naive, a);
      // Warm-up: JIT both paths.
      time(indexed, alerts, 300_000_000L);
      time(scan, alerts, 300_000_000L);
      for (int s = 1; s <= samples; s++) {
        System.out.printf(
            Locale.ROOT, "%d,index,%d,%.1f%n", n, s, time(indexed, alerts, 200_000_000L));
        System.out.printf(
            Locale.ROOT, "%d,linear scan,%d,%.1f%n", n, s, time(scan, alerts, 200_000_000L));
      }
    }
  }

  interface Lookup {
    int apply(Alert a);
  }

  static volatile int sink;

  /** Nanoseconds per lookup, looping over the alerts for at least {@code budgetNanos}. */
  static double time(Lookup lookup, List<Alert> alerts, long budgetNanos) {
    long start = System.nanoTime();
    long count = 0;
    int acc = 0;
    long now;
    do {
      for (Alert a : alerts) {
        acc += lookup.apply(a);
      }
      count += alerts.size();
      now = System.nanoTime();
    } while (now - start < budgetNanos);
    sink = acc;
    return (double) (now - start) / count;
  }

  static List<AegisAlertOpsRule> rules(int n) {
    int regex = Math.max(1, n / 100);
    List<AegisAlertOpsRule> rules = new ArrayList<>(n);
    Random random = new Random(42);
    for (int i = 0; i < n; i++) {
      AegisAlertOpsRule rule = new AegisAlertOpsRule();
      rule.setMetadata(
          new ObjectMetaBuilder()
              .withNamespace("monitoring")
              .withName("rule-" + i)
              .withUid("uid-" + i)
              .build());
      AegisAlertOpsRuleSpec spec = new AegisAlertOpsRuleSpec();
      String type = i < regex ? "RegexFamily" + i + "(Disappeared)?.*" : "AlertType" + i;
      spec.alertConditions = List.of(new AlertCondition(type, "Firing"));
      if (i % 2 == 0) {
        LabelSelector selector = new LabelSelector();
        selector.setMatchLabels(Map.of("cluster", "prod-a"));
        spec.selector = selector;
      }
      spec.opsTemplate =
          new ObjectReference(
              "AegisOpsTemplate", "aegis.io/v1alpha1", "monitoring", "template-" + i);
      spec.priority = random.nextInt(4);
      rule.setSpec(spec);
      rules.add(rule);
    }
    return rules;
  }

  static List<Alert> alerts(int n, int count) {
    int regex = Math.max(1, n / 100);
    Random random = new Random(7);
    Map<String, String> labels =
        Map.of("cluster", "prod-a", "alert-type", "x", "aegis.io/node", "node-1", "rack", "r1");
    List<Alert> alerts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int kind = random.nextInt(10);
      String type;
      if (kind < 7 && n > regex) {
        type = "AlertType" + (regex + random.nextInt(n - regex));
      } else if (kind < 9) {
        type = "RegexFamily" + random.nextInt(regex) + "Disappeared";
      } else {
        type = "NoRuleFor" + random.nextInt(1000);
      }
      alerts.add(new Alert(type, AlertStatus.Firing, labels));
    }
    return alerts;
  }

  static List<Naive> naive(List<AegisAlertOpsRule> rules) {
    List<Naive> out = new ArrayList<>();
    for (AegisAlertOpsRule r : rules) {
      AlertCondition c = r.getSpec().alertConditions.get(0);
      boolean isRegex = Pattern.compile("[\\\\.\\[\\]{}()*+?^$|]").matcher(c.type).find();
      out.add(
          new Naive(
              c.type,
              isRegex ? Pattern.compile(c.type) : null,
              AlertStatus.parse(c.status).orElse(null),
              r.getSpec().selector == null ? Map.of() : r.getSpec().selector.getMatchLabels(),
              r.getSpec().priority,
              r.getMetadata().getName()));
    }
    return out;
  }

  /** The linear scan: every rule checked; the highest priority wins (ties: too many rules). */
  static int scan(List<Naive> rules, Alert a) {
    int best = Integer.MIN_VALUE;
    int found = 0;
    for (Naive r : rules) {
      if (r.status != null && r.status != a.status) {
        continue;
      }
      boolean typeMatches =
          r.pattern == null ? r.type.equals(a.type) : r.pattern.matcher(a.type).matches();
      if (!typeMatches) {
        continue;
      }
      boolean selected = true;
      for (Map.Entry<String, String> e : r.selector.entrySet()) {
        if (!e.getValue().equals(a.labels.get(e.getKey()))) {
          selected = false;
          break;
        }
      }
      if (!selected) {
        continue;
      }
      if (r.priority > best) {
        best = r.priority;
        found = 1;
      } else if (r.priority == best) {
        found++;
      }
    }
    return found;
  }

  private RuleMatchingMain() {}
}
