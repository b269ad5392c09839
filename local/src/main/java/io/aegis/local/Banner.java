package io.aegis.local;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** What {@code ./aegis run} prints once everything is up. */
final class Banner {
  /** The README alert (ACCEPTANCE.md), as one line for curl. */
  static final String README_ALERT =
      "{\"type\": \"NodeHasEmergencyEvent\", \"status\": \"Firing\", "
          + "\"involvedObject\": {\"Kind\": \"Node\", \"Name\": \"dev1\"}, "
          + "\"details\": {\"startAt\": \"2022021122\", \"node\": \"dev1\"}, "
          + "\"fingerprint\": \"5f972974ccf1ee9b\"}";

  private Banner() {}

  static String text(LocalRunner runner, Path logFile) {
    RunnerOptions o = runner.options();
    KnativeManifests m = runner.manifests();
    String webhooks =
        runner.functions().containsKey("parse-alert")
            ? runner.functionUrl("parse-alert").toString()
            : null;
    String functions =
        runner.functions().values().stream()
            .sorted(Comparator.comparing(r -> RunnerOptions.ALL_FUNCTIONS.indexOf(r.name())))
            .map(r -> r.name() + " :" + r.url().getPort())
            .collect(Collectors.joining("  "));
    StringBuilder b = new StringBuilder();
    b.append('\n')
        .append(
            o.kubeconfig() == null
                ? "Aegis is running locally: embedded Kubernetes API, local Knative Eventing. Ctrl-C stops it.\n"
                : "Aegis is running locally against the cluster of "
                    + o.kubeconfig()
                    + ". Ctrl-C stops it.\n")
        .append('\n');
    if (webhooks != null) {
      row(
          b,
          "Webhooks (parse-alert)",
          webhooks + "  POST /alert /default/alert /alertmanager/alert /ai/alert");
    }
    row(
        b,
        "Broker ingress",
        runner.brokerUrl() + "  (publish CloudEvents here, as to a Knative Broker)");
    row(
        b,
        "Kubernetes API",
        runner.apiUrl() + (o.kubeconfig() == null ? "  (in memory, gone on exit)" : ""));
    row(b, "kubeconfig", runner.kubeconfig().toString());
    row(b, "Functions", functions);
    row(
        b,
        "Eventing (knative/)",
        m.brokers().size()
            + " broker(s), "
            + m.triggers().size()
            + " Triggers, "
            + m.apiServerSources().size()
            + " ApiServerSources, "
            + m.pingSources().size()
            + " PingSources"
            + (o.pingInterval() == null
                ? ""
                : " (firing every " + o.pingInterval().toMillis() + " ms)"));
    row(b, "Examples applied", examples(runner.examples()));
    row(
        b,
        "Workflows",
        o.simulateWorkflows()
            ? "SIMULATION: each new Workflow is marked Running, then Succeeded, "
                + o.simulationDelay().toMillis()
                + " ms apart. Nothing is executed."
            : o.kubeconfig() == null
                ? "created but never run (no Argo here); --simulate-workflows simulates their phases"
                : "run by the cluster's Argo Workflows");
    row(b, "Logs", logFile.toString());
    if (webhooks != null) {
      b.append("\nSend the README alert:\n")
          .append("  curl -s -X POST ")
          .append(webhooks)
          .append("/default/alert -H 'Content-Type: application/json' \\\n    -d '")
          .append(README_ALERT)
          .append("'\n");
    }
    b.append("\nWatch the alerts:\n  kubectl --kubeconfig ")
        .append(runner.kubeconfig())
        .append(" get aegisalerts -w\n")
        .append("\nAlert lifecycle:\n");
    return b.toString();
  }

  /** {@code 4 rules, 4 templates: a, b (monitoring)} from {@code ns/name (Kind)} entries. */
  static String examples(List<String> applied) {
    if (applied.isEmpty()) {
      return "none";
    }
    long rules = applied.stream().filter(a -> a.endsWith("(AegisAlertOpsRule)")).count();
    String names =
        applied.stream()
            .map(a -> a.substring(0, a.indexOf(' ')))
            .distinct()
            .collect(Collectors.joining(", "));
    return rules + " rules, " + (applied.size() - rules) + " templates: " + names;
  }

  private static void row(StringBuilder b, String label, String value) {
    b.append("  ").append(String.format("%-24s", label)).append(value).append('\n');
  }
}
