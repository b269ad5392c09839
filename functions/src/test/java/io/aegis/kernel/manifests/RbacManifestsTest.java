package io.aegis.kernel.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * RBAC under {@code knative/200-rbac}: one ServiceAccount per function with exactly the grants the
 * function uses (pinned below, so widening one is a deliberate, reviewed change), the {@code
 * aegis-workflow} account for workflow pods, and a read-only account for the ApiServerSources.
 *
 * <p>A grant is written {@code scope group resource verb}; scope {@code alert} is the alert
 * namespace of aegis-config, {@code cluster} a ClusterRoleBinding, {@code ns:<name>} any other
 * namespace.
 */
class RbacManifestsTest {
  private static final String AEGIS = "aegis.io";
  private static final String CORE = "";

  static Map<String, Set<String>> expectedGrants() {
    return Map.of(
        "aegis-parse-alert",
        union(
            grants("alert", AEGIS, "aegisalerts", "get", "list", "create"),
            grants("alert", AEGIS, "aegisalerts/status", "patch", "update"),
            grants("cluster", CORE, "pods", "get")),
        "aegis-match-rule",
        union(
            grants("alert", AEGIS, "aegisalertopsrules", "get", "list", "watch"),
            grants("alert", AEGIS, "aegisopstemplates", "get", "list"),
            grants("alert", AEGIS, "aegisalerts", "get", "list"),
            grants("alert", AEGIS, "aegisalerts/status", "patch", "update"),
            grants("alert", AEGIS, "aegisalertopsrules/status", "patch", "update")),
        "aegis-render-submit",
        union(
            grants("alert", AEGIS, "aegisalerts", "get"),
            grants("alert", AEGIS, "aegisopstemplates", "get", "list"),
            grants("alert", AEGIS, "aegisalerts/status", "patch", "update"),
            grants("alert", AEGIS, "aegisopstemplates/status", "patch", "update"),
            grants("alert", AEGIS, "aegisalerts/finalizers", "update"),
            grants("alert", "argoproj.io", "workflows", "create", "get"),
            grants("alert", CORE, "events", "create", "patch"),
            grants("alert", "events.k8s.io", "events", "create", "patch")),
        "aegis-track-status",
        union(
            grants("alert", "argoproj.io", "workflows", "get", "list"),
            grants("alert", AEGIS, "aegisalerts", "get", "list", "delete"),
            grants("alert", AEGIS, "aegisdiagnosises", "get", "list", "delete"),
            grants("alert", AEGIS, "aegisopstemplates", "get"),
            grants("alert", AEGIS, "aegisalertopsrules", "get"),
            grants("alert", AEGIS, "aegisalerts/status", "patch", "update"),
            grants("alert", AEGIS, "aegisopstemplates/status", "patch", "update"),
            grants("alert", AEGIS, "aegisalertopsrules/status", "patch", "update")),
        "aegis-diagnose",
        union(
            grants("alert", AEGIS, "aegisdiagnosises", "get", "list"),
            grants("alert", AEGIS, "aegisdiagnosises/status", "patch", "update"),
            grants("alert", AEGIS, "aegisdiagnosises/finalizers", "update"),
            grants("alert", CORE, "pods", "create", "delete"),
            grants("cluster", CORE, "pods", "get", "list"),
            grants("cluster", CORE, "nodes", "get", "list"),
            grants("cluster", CORE, "events", "get", "list"),
            grants("cluster", CORE, "pods/log", "get"),
            grants("cluster", "events.k8s.io", "events", "get", "list"),
            grants("cluster", "kubeflow.org", "pytorchjobs", "get", "list")),
        "aegis-healthcheck-cron",
        union(
            grants("alert", AEGIS, "aegisclusterhealthchecks", "get", "list"),
            grants("alert", AEGIS, "aegisnodehealthchecks", "get", "list", "create", "delete"),
            grants("alert", AEGIS, "aegisclusterhealthchecks/status", "patch", "update"),
            grants("alert", AEGIS, "aegisnodehealthchecks/status", "patch", "update"),
            grants("alert", AEGIS, "aegisclusterhealthchecks/finalizers", "update"),
            grants("alert", AEGIS, "aegisnodehealthchecks/finalizers", "update"),
            grants("alert", CORE, "configmaps", "get", "list"),
            grants("alert", CORE, "pods", "get", "create", "delete"),
            grants("alert", CORE, "pods/log", "get"),
            grants("alert", AEGIS, "aegisalerts", "get", "list", "create"),
            grants("alert", AEGIS, "aegisalerts/status", "patch", "update"),
            grants("ns:default", CORE, "events", "create", "patch"),
            grants("ns:default", "events.k8s.io", "events", "create", "patch"),
            grants("cluster", CORE, "nodes", "get", "list")),
        "aegis-apiserversource",
        union(
            grants("alert", "argoproj.io", "workflows", "get", "list", "watch"),
            grants("alert", AEGIS, "aegisalertopsrules", "get", "list", "watch"),
            grants("alert", AEGIS, "aegisopstemplates", "get", "list", "watch"),
            grants("alert", AEGIS, "aegisdiagnosises", "get", "list", "watch"),
            grants("alert", AEGIS, "aegisnodehealthchecks", "get", "list", "watch"),
            grants("alert", CORE, "pods", "get", "list", "watch")));
  }

  @Test
  void everyFunctionHasItsOwnServiceAccountUsedByItsService() {
    for (String fn : ManifestRepo.FUNCTIONS) {
      String sa = "aegis-" + fn;
      assertThat(ManifestRepo.find("ServiceAccount", "aegis", sa)).as(sa).isPresent();
      assertThat(
              ManifestRepo.knativeService(fn)
                  .spec()
                  .path("template")
                  .path("spec")
                  .path("serviceAccountName")
                  .asText())
          .as("Service %s runs as", fn)
          .isEqualTo(sa);
      assertThat(effectiveGrants("aegis", sa)).as("%s is bound to roles", sa).isNotEmpty();
    }
  }

  @Test
  void everyFunctionAccountHasExactlyTheGrantsItsFunctionUses() {
    expectedGrants()
        .forEach(
            (sa, expected) -> {
              Set<String> actual = effectiveGrants("aegis", sa);
              Set<String> extra = new TreeSet<>(actual);
              extra.removeAll(expected);
              Set<String> missing = new TreeSet<>(expected);
              missing.removeAll(actual);
              assertThat(extra).as("%s has grants nobody asked for", sa).isEmpty();
              assertThat(missing).as("%s lacks grants its function needs", sa).isEmpty();
            });
  }

  @Test
  void apiServerSourceAccountCanReadEverythingTheSourcesWatchAndNothingElse() {
    Set<String> grants = effectiveGrants("aegis", "aegis-apiserversource");
    for (String g : grants) {
      assertThat(g).as("ApiServerSource grants are read-only").matches(".* (get|list|watch)$");
    }
    for (K8sObject source : ManifestRepo.base("ApiServerSource")) {
      assertThat(source.spec().path("serviceAccountName").asText())
          .isEqualTo("aegis-apiserversource");
      assertThat(
              source
                  .spec()
                  .path("namespaceSelector")
                  .path("matchLabels")
                  .path("kubernetes.io/metadata.name")
                  .asText())
          .as("%s watches the alert namespace only", source.id())
          .isEqualTo(ManifestRepo.alertNamespace());
      for (JsonNode r : source.spec().path("resources")) {
        String apiVersion = r.path("apiVersion").asText();
        String group =
            apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String resource = plural(r.path("kind").asText());
        for (String verb : List.of("get", "list", "watch")) {
          assertThat(grants)
              .as("%s watches %s", source.id(), resource)
              .contains(grant("alert", group, resource, verb));
        }
      }
    }
  }

  @Test
  void workflowPodsRunAsAegisWorkflowWhichMayReportTaskResults() {
    String alert = ManifestRepo.alertNamespace();
    assertThat(ManifestRepo.find("ServiceAccount", alert, "aegis-workflow")).isPresent();
    Set<String> grants = effectiveGrants(alert, "aegis-workflow");
    assertThat(grants)
        .as("Argo >= 3.4 executor (KNATIVE-NOTES 7.4)")
        .contains(
            grant("alert", "argoproj.io", "workflowtaskresults", "create"),
            grant("alert", "argoproj.io", "workflowtaskresults", "patch"));
    assertThat(grants)
        .as("what the original granted for SOPs")
        .contains(
            grant("cluster", CORE, "nodes", "patch"),
            grant("cluster", CORE, "nodes", "update"),
            grant("cluster", CORE, "pods/eviction", "create"),
            grant("cluster", CORE, "pods/exec", "create"),
            grant("cluster", "batch", "jobs", "create"));
    assertThat(grants).as("workflows never read secrets").noneMatch(g -> g.contains(" secrets "));
  }

  @Test
  void noRoleUsesWildcardsOrEscalatingVerbs() {
    for (K8sObject role : roles()) {
      for (JsonNode rule : role.node().path("rules")) {
        for (String field : List.of("apiGroups", "resources", "verbs")) {
          for (JsonNode value : rule.path(field)) {
            assertThat(value.asText()).as("%s %s", role.id(), field).isNotEqualTo("*");
          }
        }
        for (JsonNode verb : rule.path("verbs")) {
          assertThat(verb.asText()).as(role.id()).isNotIn("escalate", "bind", "impersonate");
        }
      }
    }
  }

  @Test
  void everyBindingReferencesAnInstalledRoleAndServiceAccount() {
    for (K8sObject b : bindings()) {
      JsonNode ref = b.node().path("roleRef");
      String kind = ref.path("kind").asText();
      String roleNs = kind.equals("Role") ? b.namespace() : null;
      assertThat(ManifestRepo.find(kind, roleNs, ref.path("name").asText()))
          .as("%s -> %s %s", b.id(), kind, ref.path("name").asText())
          .isPresent();
      for (JsonNode s : b.node().path("subjects")) {
        assertThat(s.path("kind").asText()).as(b.id()).isEqualTo("ServiceAccount");
        assertThat(
                ManifestRepo.find(
                    "ServiceAccount", s.path("namespace").asText(), s.path("name").asText()))
            .as("%s subject %s/%s", b.id(), s.path("namespace").asText(), s.path("name").asText())
            .isPresent();
      }
    }
  }

  /** Every grant of a ServiceAccount through all bindings under {@code knative/}. */
  static Set<String> effectiveGrants(String saNamespace, String saName) {
    String alert = ManifestRepo.alertNamespace();
    Set<String> out = new TreeSet<>();
    for (K8sObject b : bindings()) {
      boolean bound = false;
      for (JsonNode s : b.node().path("subjects")) {
        bound |=
            s.path("kind").asText().equals("ServiceAccount")
                && s.path("name").asText().equals(saName)
                && s.path("namespace").asText().equals(saNamespace);
      }
      if (!bound) {
        continue;
      }
      String scope =
          b.kind().equals("ClusterRoleBinding")
              ? "cluster"
              : b.namespace().equals(alert) ? "alert" : "ns:" + b.namespace();
      JsonNode ref = b.node().path("roleRef");
      String roleNs = ref.path("kind").asText().equals("Role") ? b.namespace() : null;
      K8sObject role =
          ManifestRepo.find(ref.path("kind").asText(), roleNs, ref.path("name").asText())
              .orElseThrow(() -> new AssertionError(b.id() + " binds a missing role"));
      for (JsonNode rule : role.node().path("rules")) {
        for (JsonNode group : rule.path("apiGroups")) {
          for (JsonNode resource : rule.path("resources")) {
            for (JsonNode verb : rule.path("verbs")) {
              out.add(grant(scope, group.asText(), resource.asText(), verb.asText()));
            }
          }
        }
      }
    }
    return out;
  }

  private static List<K8sObject> roles() {
    List<K8sObject> out = new ArrayList<>(ManifestRepo.base("Role"));
    out.addAll(ManifestRepo.base("ClusterRole"));
    return out;
  }

  private static List<K8sObject> bindings() {
    List<K8sObject> out = new ArrayList<>(ManifestRepo.base("RoleBinding"));
    out.addAll(ManifestRepo.base("ClusterRoleBinding"));
    return out;
  }

  static String plural(String kind) {
    switch (kind) {
      case "AegisDiagnosis":
        return "aegisdiagnosises";
      case "Workflow":
        return "workflows";
      case "Pod":
        return "pods";
      default:
        return kind.toLowerCase(java.util.Locale.ROOT) + "s";
    }
  }

  static String grant(String scope, String group, String resource, String verb) {
    return scope + " " + (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
  }

  static Set<String> grants(String scope, String group, String resource, String... verbs) {
    Set<String> out = new HashSet<>();
    for (String v : verbs) {
      out.add(grant(scope, group, resource, v));
    }
    return out;
  }

  @SafeVarargs
  static Set<String> union(Set<String>... sets) {
    Set<String> out = new HashSet<>();
    for (Set<String> s : sets) {
      out.addAll(s);
    }
    return out;
  }
}
