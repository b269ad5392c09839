package io.aegis.matchrule;

import static io.aegis.matchrule.TestRules.rule;

import io.aegis.kernel.crd.AegisAlertOpsRule;
import io.aegis.kernel.crd.AlertStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark, not a test (never fails the build): prints how long building the index and selecting
 * take with many rules. Run after {@code mvn -o -q -B -pl match-rule -am test-compile}:
 *
 * <pre>
 * mvn -o -q -B -pl match-rule dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp match-rule/target/test-classes:match-rule/target/classes:$(cat /tmp/cp.txt) \
 *     io.aegis.matchrule.RuleIndexBench 10000 100
 * </pre>
 */
public final class RuleIndexBench {
  public static void main(String[] args) {
    int exact = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int regex = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    List<AegisAlertOpsRule> rules = new ArrayList<>();
    for (int i = 0; i < exact; i++) {
      rules.add(
          rule("exact-" + i).firing("Type" + i).matchLabels(Map.of("zone", "z" + (i % 7))).build());
    }
    for (int i = 0; i < regex; i++) {
      rules.add(rule("regex-" + i).firing("Regex" + i + "[A-Z]+.*").build());
    }
    Map<String, String> labels = Map.of("zone", "z3", "node", "dev1");
    for (int round = 0; round < 5; round++) {
      long t0 = System.nanoTime();
      RuleIndex index = RuleIndex.of(rules);
      long built = System.nanoTime() - t0;
      int lookups = 100_000;
      int matched = 0;
      long t1 = System.nanoTime();
      for (int i = 0; i < lookups; i++) {
        String type = (i % 10 == 0) ? "Regex" + (i % regex) + "ABC" : "Type" + (i % exact);
        if (index.select(type, AlertStatus.Firing, labels).rule() != null) {
          matched++;
        }
      }
      long selected = System.nanoTime() - t1;
      System.out.printf(
          "round %d: %d rules indexed in %.1f ms; %d lookups in %.1f ms (%.2f us each, %d matched)%n",
          round,
          index.size(),
          built / 1e6,
          lookups,
          selected / 1e6,
          selected / 1e3 / lookups,
          matched);
    }
  }

  private RuleIndexBench() {}
}
