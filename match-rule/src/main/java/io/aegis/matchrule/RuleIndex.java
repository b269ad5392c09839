package io.aegis.matchrule;

import io.aegis.kernel.crd.AegisAlertOpsRule;
import io.aegis.kernel.crd.AlertCondition;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.crd.ObjectReference;
import io.aegis.kernel.crd.TriggerStatus;
import io.aegis.kernel.events.ResourceRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * An immutable index of the valid {@link AegisAlertOpsRule}s, answering "which rule applies to this
 * alert". Pure: no client, no Spring.
 *
 * <p>Rule types without regex metacharacters go into a hash map keyed by type; the others are
 * compiled once into patterns that must match the <em>whole</em> alert type. Both lists are sorted
 * by descending priority, so a lookup stops scanning as soon as the remaining rules cannot beat the
 * best match found: with thousands of exact-type rules a lookup is a map hit plus a scan of the
 * (usually few) regex rules.
 *
 * <p>Regexes are user input and Java's backtracks, so they run under {@link RegexGuard}: a match
 * that takes too many steps counts as no match and is reported in {@link Selection#gaveUp()}, and
 * types longer than {@link RegexGuard#MAX_INPUT} are matched against exact types only.
 */
final class RuleIndex {
  static final String TEMPLATE_KIND = "AegisOpsTemplate";

  /** Characters that make a rule type a regular expression rather than a literal type. */
  private static final Pattern REGEX_META = Pattern.compile("[\\\\.\\[\\]{}()*+?^$|]");

  private static final Comparator<Entry> BY_PRIORITY_DESC =
      Comparator.comparingInt((Entry e) -> e.rule().priority()).reversed();

  private final Map<String, List<Entry>> exact;
  private final List<Entry> regex;
  private final int size;

  private RuleIndex(Map<String, List<Entry>> exact, List<Entry> regex, int size) {
    this.exact = exact;
    this.regex = regex;
    this.size = size;
  }

  static RuleIndex empty() {
    return new RuleIndex(Map.of(), List.of(), 0);
  }

  /** Indexes the valid rules of {@code rules}; invalid ones are left out (see {@link #verdict}). */
  static RuleIndex of(Collection<AegisAlertOpsRule> rules) {
    Map<String, List<Entry>> exact = new HashMap<>();
    List<Entry> regex = new ArrayList<>();
    int size = 0;
    for (AegisAlertOpsRule rule : rules) {
      Verdict verdict = verdict(rule);
      if (verdict.rule() == null) {
        continue;
      }
      size++;
      for (Condition c : verdict.rule().conditions()) {
        Entry entry = new Entry(verdict.rule(), c);
        if (c.pattern() == null) {
          exact.computeIfAbsent(c.type(), t -> new ArrayList<>()).add(entry);
        } else {
          regex.add(entry);
        }
      }
    }
    exact.replaceAll((type, entries) -> sorted(entries));
    return new RuleIndex(Map.copyOf(exact), sorted(regex), size);
  }

  /** Number of valid rules indexed. */
  int size() {
    return size;
  }

  /**
   * Selects the rule for an alert: among the rules with a condition matching {@code type} and
   * {@code status} and a selector matching {@code labels}, the one with the highest priority. A tie
   * at the top is {@link TriggerStatus#TooManyRulesFound}; no candidate is {@link
   * TriggerStatus#RuleNotFound}.
   */
  Selection select(String alertType, AlertStatus status, Map<String, String> labels) {
    String type = alertType == null ? "" : alertType;
    Scan scan = new Scan(type, status, labels);
    scan.over(exact.getOrDefault(type, List.of()));
    boolean regexTried = type.length() <= RegexGuard.MAX_INPUT;
    if (regexTried) {
      scan.over(regex);
    }
    List<GaveUp> gaveUp = List.copyOf(scan.gaveUp);
    if (scan.top.isEmpty()) {
      String why = "";
      if (!regexTried && !regex.isEmpty()) {
        why = " (regex rules are not tried on types longer than " + RegexGuard.MAX_INPUT + ")";
      } else if (!gaveUp.isEmpty()) {
        why =
            " (the type regex of "
                + gaveUp.stream()
                    .map(g -> g.rule().ref().subject())
                    .collect(Collectors.joining(", "))
                + " gave up on this type: see the rule's status)";
      }
      return new Selection(
          TriggerStatus.RuleNotFound,
          null,
          "no AegisAlertOpsRule matches type "
              + type
              + ", status "
              + status
              + " and the alert's labels"
              + why,
          gaveUp);
    }
    if (scan.top.size() > 1) {
      return new Selection(
          TriggerStatus.TooManyRulesFound,
          null,
          "rules "
              + scan.top.keySet().stream().sorted().collect(Collectors.joining(", "))
              + " all match with priority "
              + scan.best
              + "; give one a higher spec.priority",
          gaveUp);
    }
    CompiledRule rule = scan.top.values().iterator().next();
    return new Selection(null, rule, "matched rule " + rule.ref().subject(), gaveUp);
  }

  /** One lookup: the rules found so far at the best priority, and the regexes that gave up. */
  private static final class Scan {
    final String type;
    final AlertStatus status;
    final Map<String, String> labels;
    final Map<String, CompiledRule> top = new LinkedHashMap<>();
    final List<GaveUp> gaveUp = new ArrayList<>();
    int best = Integer.MIN_VALUE;

    Scan(String type, AlertStatus status, Map<String, String> labels) {
      this.type = type;
      this.status = status;
      this.labels = labels;
    }

    void over(List<Entry> entries) {
      for (Entry e : entries) {
        int priority = e.rule().priority();
        if (!top.isEmpty() && priority < best) {
          return; // sorted by descending priority: nothing further can win
        }
        // Cheapest test first: the regex runs only for rules that could otherwise match.
        if (!e.condition().statusMatches(status)
            || !e.rule().selector().test(labels)
            || !typeMatches(e)) {
          continue;
        }
        if (top.isEmpty() || priority > best) {
          top.clear();
          best = priority;
        }
        top.put(e.rule().ref().subject(), e.rule());
      }
    }

    private boolean typeMatches(Entry e) {
      Condition c = e.condition();
      if (c.pattern() == null) {
        return c.type().equals(type);
      }
      RegexGuard.Result result = RegexGuard.match(c.pattern(), type);
      if (result.outcome() == RegexGuard.Outcome.GAVE_UP) {
        gaveUp.add(new GaveUp(e.rule(), c.type(), type, result.why()));
      }
      return result.matched();
    }
  }

  /**
   * Validates {@code rule}: at least one condition, each with a type (a valid regular expression
   * when it is one) and a status of Firing, Resolved or empty; a valid selector; a template name,
   * and a template kind of AegisOpsTemplate when given.
   */
  static Verdict verdict(AegisAlertOpsRule rule) {
    var spec = rule.getSpec();
    if (spec == null) {
      return Verdict.invalid("spec is missing");
    }
    if (spec.alertConditions == null || spec.alertConditions.isEmpty()) {
      return Verdict.invalid("spec.alertConditions is empty: the rule would never match");
    }
    List<Condition> conditions = new ArrayList<>();
    for (int i = 0; i < spec.alertConditions.size(); i++) {
      AlertCondition c = spec.alertConditions.get(i);
      String where = "spec.alertConditions[" + i + "]";
      if (c == null || c.type == null || c.type.isBlank()) {
        return Verdict.invalid(where + ".type is empty");
      }
      AlertStatus status = null;
      if (c.status != null && !c.status.isBlank()) {
        status = AlertStatus.parse(c.status).orElse(null);
        if (status == null) {
          return Verdict.invalid(
              where + ".status '" + c.status + "' is not Firing, Resolved or empty");
        }
      }
      Pattern pattern = null;
      if (REGEX_META.matcher(c.type).find()) {
        try {
          pattern = Pattern.compile(c.type);
        } catch (PatternSyntaxException e) {
          return Verdict.invalid(
              where + ".type is not a valid regular expression: " + e.getDescription());
        }
      }
      conditions.add(new Condition(c.type, pattern, status));
    }
    LabelSelectorMatcher selector;
    try {
      selector = LabelSelectorMatcher.compile(spec.selector);
    } catch (IllegalArgumentException e) {
      return Verdict.invalid("spec." + e.getMessage());
    }
    ObjectReference t = spec.opsTemplate;
    if (t == null || t.name == null || t.name.isBlank()) {
      return Verdict.invalid("spec.opsTemplate.name is empty");
    }
    if (t.kind != null && !t.kind.isBlank() && !TEMPLATE_KIND.equals(t.kind)) {
      return Verdict.invalid(
          "spec.opsTemplate.kind is " + t.kind + "; only " + TEMPLATE_KIND + " is supported");
    }
    String ns = rule.getMetadata().getNamespace();
    String templateNs = t.namespace == null || t.namespace.isBlank() ? ns : t.namespace;
    ResourceRef ref =
        new ResourceRef(ns, rule.getMetadata().getName(), rule.getMetadata().getUid());
    int priority = spec.priority == null ? 0 : spec.priority;
    return new Verdict(
        new CompiledRule(
            ref, ResourceRef.of(templateNs, t.name), priority, selector, List.copyOf(conditions)),
        null);
  }

  private static List<Entry> sorted(List<Entry> entries) {
    List<Entry> copy = new ArrayList<>(entries);
    copy.sort(BY_PRIORITY_DESC);
    return List.copyOf(copy);
  }

  /** A validated rule, ready to match. */
  record CompiledRule(
      ResourceRef ref,
      ResourceRef template,
      int priority,
      LabelSelectorMatcher selector,
      List<Condition> conditions) {}

  /** One alert condition: an exact type (pattern null) or a whole-type regex; status null = any. */
  record Condition(String type, Pattern pattern, AlertStatus status) {
    boolean statusMatches(AlertStatus alertStatus) {
      return status == null || status == alertStatus;
    }
  }

  /** The outcome of validating a rule: the compiled rule, or the problem that makes it invalid. */
  record Verdict(CompiledRule rule, String problem) {
    static Verdict invalid(String problem) {
      return new Verdict(null, problem);
    }

    boolean valid() {
      return rule != null;
    }
  }

  /**
   * The outcome of a lookup: the chosen rule, or the no-op trigger status ({@code RuleNotFound},
   * {@code TooManyRulesFound}) and why.
   */
  record Selection(TriggerStatus noOp, CompiledRule rule, String message, List<GaveUp> gaveUp) {
    Optional<CompiledRule> matched() {
      return Optional.ofNullable(rule);
    }
  }

  /**
   * A rule whose type regex gave up on an alert type (see {@link RegexGuard}) and so did not match.
   *
   * @param pattern the rule's {@code alertConditions[].type}
   * @param alertType the alert type it gave up on
   * @param why how it gave up, e.g. "after 100000 steps"
   */
  record GaveUp(CompiledRule rule, String pattern, String alertType, String why) {}

  private record Entry(CompiledRule rule, Condition condition) {}
}
