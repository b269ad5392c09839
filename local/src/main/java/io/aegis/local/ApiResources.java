package io.aegis.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the embedded API serves, for kubectl's discovery: a fixed set of core resources plus every
 * CustomResourceDefinition stored in the API right now (so CRDs applied later show up too), each
 * with the printer columns {@link TableConverter} uses.
 */
final class ApiResources {
  static final String KUBERNETES_VERSION = "v1.32.0";

  /** One served resource. {@code group} is empty for the core group. */
  record ApiResource(
      String group,
      String version,
      String plural,
      String singular,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<String> categories,
      List<PrinterColumn> columns,
      boolean statusSubresource) {
    String groupVersion() {
      return group.isEmpty() ? version : group + "/" + version;
    }
  }

  /** A printer column; {@code jsonPath} is evaluated on the object. */
  record PrinterColumn(
      String name, String type, String format, String description, int priority, String jsonPath) {}

  static final PrinterColumn AGE =
      new PrinterColumn(
          "Age",
          "date",
          "",
          "CreationTimestamp is a timestamp representing the server time when this object was"
              + " created.",
          0,
          ".metadata.creationTimestamp");

  private static final List<ApiResource> BUILT_IN =
      List.of(
          core(
              "pods",
              "Pod",
              true,
              List.of("po"),
              List.of(col("Status", ".status.phase", 0), col("Node", ".spec.nodeName", 1), AGE)),
          core("nodes", "Node", false, List.of("no"), List.of(AGE)),
          core(
              "namespaces",
              "Namespace",
              false,
              List.of("ns"),
              List.of(col("Status", ".status.phase", 0), AGE)),
          core(
              "events",
              "Event",
              true,
              List.of("ev"),
              List.of(
                  col("Type", ".type", 0),
                  col("Reason", ".reason", 0),
                  col("Object", ".involvedObject.name", 0),
                  col("Message", ".message", 0),
                  AGE)),
          core("configmaps", "ConfigMap", true, List.of("cm"), List.of(AGE)),
          core("secrets", "Secret", true, List.of(), List.of(col("Type", ".type", 0), AGE)),
          core("services", "Service", true, List.of("svc"), List.of(AGE)),
          core("serviceaccounts", "ServiceAccount", true, List.of("sa"), List.of(AGE)),
          new ApiResource(
              "apiextensions.k8s.io",
              "v1",
              "customresourcedefinitions",
              "customresourcedefinition",
              "CustomResourceDefinition",
              false,
              List.of("crd", "crds"),
              List.of("api-extensions"),
              List.of(AGE),
              true));

  private final KubernetesClient client;

  ApiResources(KubernetesClient client) {
    this.client = client;
  }

  /** Every resource served right now. */
  List<ApiResource> all() {
    List<ApiResource> all = new ArrayList<>(BUILT_IN);
    for (CustomResourceDefinition crd :
        client.apiextensions().v1().customResourceDefinitions().list().getItems()) {
      for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
        if (Boolean.TRUE.equals(v.getServed())) {
          all.add(of(crd, v));
        }
      }
    }
    return all;
  }

  Optional<ApiResource> find(String group, String version, String plural) {
    return all().stream()
        .filter(r -> r.group().equals(group) && r.version().equals(version))
        .filter(r -> r.plural().equals(plural))
        .findFirst();
  }

  static ApiResource of(CustomResourceDefinition crd, CustomResourceDefinitionVersion v) {
    var names = crd.getSpec().getNames();
    List<PrinterColumn> columns = new ArrayList<>();
    if (v.getAdditionalPrinterColumns() == null || v.getAdditionalPrinterColumns().isEmpty()) {
      columns.add(AGE);
    } else {
      for (CustomResourceColumnDefinition c : v.getAdditionalPrinterColumns()) {
        columns.add(
            new PrinterColumn(
                c.getName(),
                c.getType(),
                c.getFormat() == null ? "" : c.getFormat(),
                c.getDescription() == null ? "" : c.getDescription(),
                c.getPriority() == null ? 0 : c.getPriority(),
                c.getJsonPath()));
      }
    }
    return new ApiResource(
        crd.getSpec().getGroup(),
        v.getName(),
        names.getPlural(),
        names.getSingular() == null ? names.getKind().toLowerCase() : names.getSingular(),
        names.getKind(),
        "Namespaced".equals(crd.getSpec().getScope()),
        names.getShortNames() == null ? List.of() : names.getShortNames(),
        names.getCategories() == null ? List.of() : names.getCategories(),
        columns,
        v.getSubresources() != null && v.getSubresources().getStatus() != null);
  }

  /** {@code /version}. */
  static ObjectNode version() {
    ObjectNode v = JsonNodeFactory.instance.objectNode();
    v.put("major", "1").put("minor", "32").put("gitVersion", KUBERNETES_VERSION + "+aegis-local");
    v.put("gitCommit", "").put("gitTreeState", "clean").put("buildDate", "2025-01-01T00:00:00Z");
    v.put("goVersion", "").put("compiler", "").put("platform", "java");
    return v;
  }

  /** {@code /api}. */
  static ObjectNode coreVersions(String serverAddress) {
    ObjectNode api = JsonNodeFactory.instance.objectNode().put("kind", "APIVersions");
    api.putArray("versions").add("v1");
    api.putArray("serverAddressByClientCIDRs")
        .addObject()
        .put("clientCIDR", "0.0.0.0/0")
        .put("serverAddress", serverAddress);
    return api;
  }

  /** {@code /apis}: every group with its versions. */
  ObjectNode groups() {
    Map<String, List<String>> versions = new LinkedHashMap<>();
    for (ApiResource r : all()) {
      if (!r.group().isEmpty()) {
        List<String> vs = versions.computeIfAbsent(r.group(), g -> new ArrayList<>());
        if (!vs.contains(r.version())) {
          vs.add(r.version());
        }
      }
    }
    ObjectNode list =
        JsonNodeFactory.instance.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    versions.forEach(
        (group, vs) -> {
          ObjectNode g = groups.addObject().put("name", group);
          ArrayNode array = g.putArray("versions");
          vs.forEach(v -> array.addObject().put("groupVersion", group + "/" + v).put("version", v));
          g.set("preferredVersion", array.get(0).deepCopy());
        });
    return list;
  }

  /** {@code /api/v1} or {@code /apis/<group>/<version>}, when that group version is served. */
  Optional<ObjectNode> resourceList(String group, String version) {
    List<ApiResource> served =
        all().stream().filter(r -> r.group().equals(group) && r.version().equals(version)).toList();
    if (served.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode list =
        JsonNodeFactory.instance
            .objectNode()
            .put("kind", "APIResourceList")
            .put("apiVersion", "v1")
            .put("groupVersion", served.get(0).groupVersion());
    ArrayNode resources = list.putArray("resources");
    for (ApiResource r : served) {
      ObjectNode o =
          resources
              .addObject()
              .put("name", r.plural())
              .put("singularName", r.singular())
              .put("namespaced", r.namespaced())
              .put("kind", r.kind());
      ArrayNode verbs = o.putArray("verbs");
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")
          .forEach(verbs::add);
      if (!r.shortNames().isEmpty()) {
        r.shortNames().forEach(o.putArray("shortNames")::add);
      }
      if (!r.categories().isEmpty()) {
        r.categories().forEach(o.putArray("categories")::add);
      }
      if (r.statusSubresource()) {
        ObjectNode status =
            resources
                .addObject()
                .put("name", r.plural() + "/status")
                .put("singularName", "")
                .put("namespaced", r.namespaced())
                .put("kind", r.kind());
        List.of("get", "patch", "update").forEach(status.putArray("verbs")::add);
      }
    }
    return Optional.of(list);
  }

  private static ApiResource core(
      String plural,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<PrinterColumn> columns) {
    return new ApiResource(
        "",
        "v1",
        plural,
        kind.toLowerCase(),
        kind,
        namespaced,
        shortNames,
        List.of(),
        columns,
        false);
  }

  private static PrinterColumn col(String name, String jsonPath, int priority) {
    return new PrinterColumn(name, "string", "", "", priority, jsonPath);
  }
}
