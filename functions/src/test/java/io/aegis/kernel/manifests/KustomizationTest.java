package io.aegis.kernel.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code knative/kustomization.yaml}: installs every file, in order, and nothing else. */
class KustomizationTest {
  /** Generated from the kernel's CRD model by another part of the build (never hand-written). */
  static final List<String> CRDS =
      List.of(
          "100-crds/aegisalerts.aegis.io.yaml",
          "100-crds/aegisalertopsrules.aegis.io.yaml",
          "100-crds/aegisopstemplates.aegis.io.yaml",
          "100-crds/aegisdiagnosises.aegis.io.yaml",
          "100-crds/aegisnodehealthchecks.aegis.io.yaml",
          "100-crds/aegisclusterhealthchecks.aegis.io.yaml");

  private static final Pattern LEADING_NUMBER = Pattern.compile("^([0-9]+)-");

  static JsonNode kustomization() {
    return ManifestRepo.readOne(ManifestRepo.knative().resolve("kustomization.yaml"));
  }

  static List<String> resources(JsonNode kustomization) {
    List<String> out = new ArrayList<>();
    kustomization.path("resources").forEach(r -> out.add(r.asText()));
    return out;
  }

  @Test
  void A46_kustomizationListsEveryManifestFileAndNothingElse() {
    JsonNode k = kustomization();
    assertThat(k.path("kind").asText()).isEqualTo("Kustomization");
    assertThat(k.has("namespace"))
        .as("a top-level namespace would move the alert-namespace RBAC into aegis")
        .isFalse();
    List<String> listed = resources(k);
    assertThat(listed).as("duplicates").doesNotHaveDuplicates();
    Set<String> onDisk =
        ManifestRepo.yamlFiles().stream()
            .filter(f -> !ManifestRepo.isKustomization(f) && !ManifestRepo.isInOverlay(f))
            .map(f -> ManifestRepo.knative().relativize(f).toString().replace('\\', '/'))
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> notListed = new TreeSet<>(onDisk);
    notListed.removeAll(listed);
    assertThat(notListed)
        .as("files under knative/ that kubectl apply -k would not install")
        .isEmpty();
    Set<String> missing = new TreeSet<>(listed);
    missing.removeAll(onDisk);
    CRDS.forEach(missing::remove);
    assertThat(missing).as("listed files that do not exist").isEmpty();
  }

  @Test
  void kustomizationInstallsTheSixGeneratedCrdsFromTheirOwnDirectory() {
    assertThat(resources(kustomization()).stream().filter(r -> r.startsWith("100-crds/")))
        .containsExactlyElementsOf(CRDS);
    Path crdDir = ManifestRepo.knative().resolve("100-crds");
    if (Files.isDirectory(crdDir)) {
      Set<String> present =
          ManifestRepo.yamlFiles().stream()
              .filter(f -> f.startsWith(crdDir))
              .map(f -> "100-crds/" + f.getFileName())
              .collect(Collectors.toCollection(TreeSet::new));
      assertThat(present).as("generated CRD files").containsExactlyInAnyOrderElementsOf(CRDS);
    }
  }

  @Test
  void resourcesAreListedInInstallOrder() {
    List<String> listed = resources(kustomization());
    for (int i = 1; i < listed.size(); i++) {
      assertThat(compareOrder(listed.get(i - 1), listed.get(i)))
          .as("%s is listed before %s", listed.get(i - 1), listed.get(i))
          .isLessThanOrEqualTo(0);
    }
  }

  /** Compares the numeric prefixes of each path component ("200-rbac/211-x.yaml" -> 200, 211). */
  private static int compareOrder(String a, String b) {
    String[] pa = a.split("/");
    String[] pb = b.split("/");
    for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
      Matcher ma = LEADING_NUMBER.matcher(pa[i]);
      Matcher mb = LEADING_NUMBER.matcher(pb[i]);
      if (ma.find() && mb.find()) {
        int c = Integer.compare(Integer.parseInt(ma.group(1)), Integer.parseInt(mb.group(1)));
        if (c != 0) {
          return c;
        }
      } else if (!pa[i].equals(pb[i])) {
        return 0;
      }
    }
    return 0;
  }

  @Test
  void theAlertNamespaceIsConfiguredOnceAndReplacedEverywhereItIsUsed() {
    String alert = ManifestRepo.alertNamespace();
    JsonNode replacements = kustomization().path("replacements");
    JsonNode ours = null;
    for (JsonNode r : replacements) {
      JsonNode source = r.path("source");
      if (source.path("kind").asText().equals("ConfigMap")
          && source.path("name").asText().equals("aegis-config")
          && source.path("fieldPath").asText().equals("data.AEGIS_ALERT_NAMESPACE")) {
        ours = r;
      }
    }
    assertThat(ours)
        .as("a replacement sourced from aegis-config data.AEGIS_ALERT_NAMESPACE")
        .isNotNull();

    Set<String> covered = new TreeSet<>();
    for (JsonNode target : ours.path("targets")) {
      JsonNode select = target.path("select");
      int resolved = 0;
      for (K8sObject o : ManifestRepo.baseObjects()) {
        if (!selects(select, o)) {
          continue;
        }
        for (JsonNode fieldPath : target.path("fieldPaths")) {
          for (String pointer : resolve(o.node(), fieldPath.asText())) {
            covered.add(o.id() + " " + pointer);
            resolved++;
          }
        }
      }
      assertThat(resolved)
          .as("replacement target %s matches nothing (kustomize fails)", target)
          .isPositive();
    }

    Set<String> uses = new TreeSet<>();
    for (K8sObject o : ManifestRepo.baseObjects()) {
      if (o.kind().equals("ConfigMap") && o.name().equals("aegis-config")) {
        continue;
      }
      collect(o.node(), "", alert, o, uses);
    }
    uses.removeAll(covered);
    assertThat(uses)
        .as(
            "uses of the alert namespace '%s' that changing AEGIS_ALERT_NAMESPACE would miss",
            alert)
        .isEmpty();
  }

  private static boolean selects(JsonNode select, K8sObject o) {
    for (Map.Entry<String, String> e :
        Map.of("kind", o.kind(), "name", o.name(), "namespace", String.valueOf(o.namespace()))
            .entrySet()) {
      if (select.has(e.getKey()) && !select.get(e.getKey()).asText().equals(e.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** JSON pointers a kustomize fieldPath ({@code a.b.[k=v].c}, {@code a.[dotted.key]}) reaches. */
  static List<String> resolve(JsonNode node, String fieldPath) {
    List<String> segments = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean bracket = false;
    for (char c : fieldPath.toCharArray()) {
      if (c == '[') {
        bracket = true;
      } else if (c == ']') {
        bracket = false;
      }
      if (c == '.' && !bracket) {
        segments.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    segments.add(current.toString());
    List<Map.Entry<String, JsonNode>> at = new ArrayList<>(List.of(Map.entry("", node)));
    for (String segment : segments) {
      List<Map.Entry<String, JsonNode>> next = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : at) {
        JsonNode n = e.getValue();
        if (segment.startsWith("[") && segment.contains("=") && n.isArray()) {
          String key = segment.substring(1, segment.indexOf('='));
          String value = segment.substring(segment.indexOf('=') + 1, segment.length() - 1);
          for (int i = 0; i < n.size(); i++) {
            if (n.get(i).path(key).asText().equals(value)) {
              next.add(Map.entry(e.getKey() + "/" + i, n.get(i)));
            }
          }
        } else {
          String key =
              segment.startsWith("[") ? segment.substring(1, segment.length() - 1) : segment;
          if (n.has(key)) {
            next.add(
                Map.entry(
                    e.getKey() + "/" + key.replace("~", "~0").replace("/", "~1"), n.get(key)));
          }
        }
      }
      at = next;
    }
    return at.stream().map(Map.Entry::getKey).collect(Collectors.toList());
  }

  private static void collect(
      JsonNode n, String pointer, String value, K8sObject o, Set<String> out) {
    if (n.isTextual() && n.asText().equals(value)) {
      out.add(o.id() + " " + pointer);
    } else if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        collect(
            e.getValue(),
            pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1"),
            value,
            o,
            out);
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        collect(n.get(i), pointer + "/" + i, value, o, out);
      }
    }
  }

  @Test
  void kafkaComponentSwitchesTheBrokerClassAndKeepsDelivery() {
    Path dir = ManifestRepo.knative().resolve("overlays/kafka");
    JsonNode component = ManifestRepo.readOne(dir.resolve("kustomization.yaml"));
    assertThat(component.path("kind").asText()).isEqualTo("Component");
    Set<String> referenced = new TreeSet<>();
    component.path("resources").forEach(r -> referenced.add(r.asText()));
    component.path("patches").forEach(p -> referenced.add(p.path("path").asText()));
    Set<String> files =
        ManifestRepo.yamlFiles().stream()
            .filter(f -> f.startsWith(dir) && !ManifestRepo.isKustomization(f))
            .map(f -> dir.relativize(f).toString())
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(referenced).as("files of the Kafka component").isEqualTo(files);

    JsonNode patch = ManifestRepo.readOne(dir.resolve("broker-kafka.yaml"));
    assertThat(patch.path("kind").asText()).isEqualTo("Broker");
    K8sObject base =
        ManifestRepo.find(
                "Broker",
                patch.path("metadata").path("namespace").asText(),
                patch.path("metadata").path("name").asText())
            .orElseThrow(() -> new AssertionError("the Kafka patch targets no base broker"));
    assertThat(
            base.node()
                .path("metadata")
                .path("annotations")
                .path("eventing.knative.dev/broker.class")
                .asText())
        .isEqualTo("MTChannelBasedBroker");
    assertThat(
            patch
                .path("metadata")
                .path("annotations")
                .path("eventing.knative.dev/broker.class")
                .asText())
        .isEqualTo("Kafka");
    assertThat(patch.path("spec").has("delivery")).as("delivery stays the base's").isFalse();
    JsonNode config = patch.path("spec").path("config");
    JsonNode configMap = ManifestRepo.readOne(dir.resolve("kafka-broker-config.yaml"));
    assertThat(config.path("name").asText())
        .isEqualTo(configMap.path("metadata").path("name").asText());
    assertThat(config.path("namespace").asText())
        .isEqualTo(configMap.path("metadata").path("namespace").asText());
    assertThat(configMap.path("data").path("default.topic.replication.factor").asInt())
        .isGreaterThanOrEqualTo(3);
  }
}
