package io.aegis.kernel.manifests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The Knative admission-webhook rules that the CRD schemas do not express (ARCHITECTURE.md section
 * 12, KNATIVE-NOTES.md sections 1-5): what {@code kubectl apply} would have the webhook reject, or
 * what Knative would silently ignore. Each method returns the violations of one object, worded so a
 * failing test says what to fix.
 */
final class WebhookRules {
  static final Pattern ATTRIBUTE_NAME = Pattern.compile("^[a-z][a-z0-9]*$");
  static final Set<String> DIALECTS =
      Set.of("exact", "prefix", "suffix", "all", "any", "not", "cesql");
  static final Set<String> BROKER_CLASSES = Set.of("MTChannelBasedBroker", "Kafka");
  static final Set<String> SELECTOR_OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");
  static final String AUTOSCALING = "autoscaling.knative.dev/";
  static final int MAX_REVISION_TIMEOUT_SECONDS = 600;
  private static final ObjectMapper JSON = new ObjectMapper();

  private WebhookRules() {}

  static List<String> check(K8sObject o) {
    String key = o.apiVersion() + " " + o.kind();
    switch (key) {
      case "eventing.knative.dev/v1 Trigger":
        return trigger(o.node());
      case "eventing.knative.dev/v1 Broker":
        return broker(o.node());
      case "sources.knative.dev/v1 ApiServerSource":
        return apiServerSource(o.node());
      case "sources.knative.dev/v1 PingSource":
        return pingSource(o.node());
      case "sources.knative.dev/v1 SinkBinding":
        return sinkBinding(o.node());
      case "serving.knative.dev/v1 Service":
        return service(o.node());
      default:
        return List.of();
    }
  }

  // ---- Trigger -------------------------------------------------------------------------------

  static List<String> trigger(JsonNode t) {
    List<String> v = new ArrayList<>();
    JsonNode spec = t.path("spec");
    if (spec.path("broker").asText("").isEmpty() && spec.path("brokerRef").isMissingNode()) {
      v.add("spec.broker is required");
    }
    destination(spec.path("subscriber"), "spec.subscriber", v);
    delivery(spec.path("delivery"), "spec.delivery", v);
    JsonNode attributes = spec.path("filter").path("attributes");
    for (Iterator<String> names = attributes.fieldNames(); names.hasNext(); ) {
      attributeName(names.next(), "spec.filter.attributes", v);
    }
    JsonNode filters = spec.path("filters");
    for (int i = 0; i < filters.size(); i++) {
      filterExpression(filters.get(i), "spec.filters[" + i + "]", v);
    }
    return v;
  }

  private static void filterExpression(JsonNode f, String at, List<String> v) {
    List<String> used = new ArrayList<>();
    f.fieldNames().forEachRemaining(used::add);
    if (used.size() != 1 || !DIALECTS.contains(used.get(0))) {
      v.add(at + " must hold exactly one of " + DIALECTS + ", has " + used);
      return;
    }
    String dialect = used.get(0);
    JsonNode body = f.get(dialect);
    switch (dialect) {
      case "exact":
      case "prefix":
      case "suffix":
        if (!body.isObject() || body.isEmpty()) {
          v.add(at + "." + dialect + " must be a non-empty map of attribute to value");
        }
        body.fields()
            .forEachRemaining(
                e -> {
                  attributeName(e.getKey(), at + "." + dialect, v);
                  if (!e.getValue().isTextual() || e.getValue().asText().isEmpty()) {
                    v.add(at + "." + dialect + "." + e.getKey() + " must be a non-empty string");
                  }
                });
        break;
      case "all":
      case "any":
        if (!body.isArray() || body.isEmpty()) {
          v.add(at + "." + dialect + " must list at least one filter expression");
        }
        for (int i = 0; i < body.size(); i++) {
          filterExpression(body.get(i), at + "." + dialect + "[" + i + "]", v);
        }
        break;
      case "not":
        filterExpression(body, at + ".not", v);
        break;
      default: // cesql
        if (!body.isTextual() || body.asText().isBlank()) {
          v.add(at + ".cesql must be a non-empty CESQL expression");
        }
    }
  }

  private static void attributeName(String name, String at, List<String> v) {
    if (!ATTRIBUTE_NAME.matcher(name).matches()) {
      v.add(at + ": attribute name '" + name + "' must match " + ATTRIBUTE_NAME.pattern());
    }
  }

  /** The exact {@code type} a Trigger requires, or null when it does not pin one. */
  static String filteredType(JsonNode trigger) {
    JsonNode spec = trigger.path("spec");
    if (spec.path("filters").size() > 0) {
      for (JsonNode f : spec.path("filters")) {
        String type = f.path("exact").path("type").asText("");
        if (!type.isEmpty()) {
          return type;
        }
      }
      return null; // filters win over filter: a type under filter.attributes would be ignored
    }
    String type = spec.path("filter").path("attributes").path("type").asText("");
    return type.isEmpty() ? null : type;
  }

  /** All exact attribute requirements of a Trigger (type, source, kind, ...). */
  static Map<String, String> exactAttributes(JsonNode trigger) {
    Map<String, String> exact = new TreeMap<>();
    JsonNode spec = trigger.path("spec");
    if (spec.path("filters").size() > 0) {
      for (JsonNode f : spec.path("filters")) {
        f.path("exact")
            .fields()
            .forEachRemaining(e -> exact.put(e.getKey(), e.getValue().asText()));
      }
    } else {
      spec.path("filter")
          .path("attributes")
          .fields()
          .forEachRemaining(e -> exact.put(e.getKey(), e.getValue().asText()));
    }
    return exact;
  }

  // ---- Broker and delivery -------------------------------------------------------------------

  static List<String> broker(JsonNode b) {
    List<String> v = new ArrayList<>();
    String cls =
        b.path("metadata").path("annotations").path("eventing.knative.dev/broker.class").asText("");
    if (!cls.isEmpty() && !BROKER_CLASSES.contains(cls)) {
      v.add("broker class '" + cls + "' is none of " + BROKER_CLASSES);
    }
    delivery(b.path("spec").path("delivery"), "spec.delivery", v);
    return v;
  }

  static void delivery(JsonNode d, String at, List<String> v) {
    if (d.isMissingNode()) {
      return;
    }
    String policy = d.path("backoffPolicy").asText("");
    if (!policy.isEmpty() && !policy.equals("linear") && !policy.equals("exponential")) {
      v.add(at + ".backoffPolicy must be linear or exponential, is " + policy);
    }
    if (d.has("retry") && (!d.get("retry").canConvertToInt() || d.get("retry").asInt() < 0)) {
      v.add(at + ".retry must be a non-negative integer");
    }
    for (String field : List.of("backoffDelay", "timeout", "retryAfterMax")) {
      if (d.has(field)) {
        isoDuration(d.get(field).asText(), at + "." + field, v);
      }
    }
    if (d.has("deadLetterSink")) {
      destination(d.get("deadLetterSink"), at + ".deadLetterSink", v);
    }
  }

  private static void isoDuration(String value, String at, List<String> v) {
    try {
      if (Duration.parse(value).isNegative()) {
        v.add(at + " must not be negative");
      }
    } catch (DateTimeParseException e) {
      v.add(at + " must be an ISO-8601 duration such as PT0.5S, is '" + value + "'");
    }
  }

  private static void destination(JsonNode d, String at, List<String> v) {
    JsonNode ref = d.path("ref");
    boolean hasRef = !ref.isMissingNode();
    boolean hasUri = !d.path("uri").asText("").isEmpty();
    if (!hasRef && !hasUri) {
      v.add(at + " needs a ref or a uri");
    }
    if (hasRef) {
      for (String field : List.of("apiVersion", "kind", "name")) {
        if (ref.path(field).asText("").isEmpty()) {
          v.add(at + ".ref." + field + " is required");
        }
      }
    }
  }

  // ---- Sources -------------------------------------------------------------------------------

  static List<String> apiServerSource(JsonNode s) {
    List<String> v = new ArrayList<>();
    JsonNode spec = s.path("spec");
    String mode = spec.path("mode").asText("Reference");
    if (!mode.equals("Resource") && !mode.equals("Reference")) {
      v.add("spec.mode must be Resource or Reference, is " + mode);
    }
    JsonNode resources = spec.path("resources");
    if (resources.size() == 0) {
      v.add("spec.resources must list at least one resource");
    }
    for (int i = 0; i < resources.size(); i++) {
      JsonNode r = resources.get(i);
      String at = "spec.resources[" + i + "]";
      String apiVersion = r.path("apiVersion").asText("");
      if (!apiVersion.matches("^([a-z0-9.-]+/)?v[0-9]+((alpha|beta)[0-9]+)?$")) {
        v.add(at + ".apiVersion must be group/version or a core version, is '" + apiVersion + "'");
      }
      if (r.path("kind").asText("").isEmpty()) {
        v.add(at + ".kind is required");
      }
      labelSelector(r.path("selector"), at + ".selector", v);
    }
    labelSelector(spec.path("namespaceSelector"), "spec.namespaceSelector", v);
    if (spec.has("filters")) {
      v.add(
          "spec.filters needs the alpha feature new-apiserversource-filters; use Trigger filters");
    }
    destination(spec.path("sink"), "spec.sink", v);
    return v;
  }

  private static void labelSelector(JsonNode selector, String at, List<String> v) {
    JsonNode expressions = selector.path("matchExpressions");
    for (int i = 0; i < expressions.size(); i++) {
      JsonNode e = expressions.get(i);
      String op = e.path("operator").asText("");
      String here = at + ".matchExpressions[" + i + "]";
      if (!SELECTOR_OPERATORS.contains(op)) {
        v.add(here + ".operator must be one of " + SELECTOR_OPERATORS + ", is '" + op + "'");
      }
      boolean hasValues = e.path("values").size() > 0;
      if ((op.equals("In") || op.equals("NotIn")) && !hasValues) {
        v.add(here + ": " + op + " needs values");
      }
      if ((op.equals("Exists") || op.equals("DoesNotExist")) && hasValues) {
        v.add(here + ": " + op + " must not have values");
      }
    }
  }

  static List<String> pingSource(JsonNode p) {
    List<String> v = new ArrayList<>();
    JsonNode spec = p.path("spec");
    cron(spec.path("schedule").asText("* * * * *"), "spec.schedule", v);
    if (spec.has("data") && spec.has("dataBase64")) {
      v.add("spec.data and spec.dataBase64 are mutually exclusive");
    }
    String contentType = spec.path("contentType").asText("");
    if (contentType.startsWith("application/json") && spec.has("data")) {
      try {
        JsonNode data = JSON.readTree(spec.get("data").asText());
        if (data == null || !data.isObject()) {
          v.add("spec.data must be a JSON object when contentType is application/json");
        }
      } catch (JsonProcessingException e) {
        v.add("spec.data is not JSON: " + e.getOriginalMessage());
      }
    }
    destination(spec.path("sink"), "spec.sink", v);
    return v;
  }

  static List<String> sinkBinding(JsonNode b) {
    List<String> v = new ArrayList<>();
    JsonNode subject = b.path("spec").path("subject");
    boolean named = !subject.path("name").asText("").isEmpty();
    boolean selected = !subject.path("selector").isMissingNode();
    if (named == selected) {
      v.add("spec.subject needs exactly one of name and selector");
    }
    if (subject.path("apiVersion").asText("").isEmpty()
        || subject.path("kind").asText("").isEmpty()) {
      v.add("spec.subject needs apiVersion and kind");
    }
    destination(b.path("spec").path("sink"), "spec.sink", v);
    return v;
  }

  // ---- Cron (robfig/cron with Minute|Hour|Dom|Month|Dow|Descriptor, no seconds)
  // -------------------

  private static final String[][] CRON_FIELDS = {
    {"minute", "0", "59", ""},
    {"hour", "0", "23", ""},
    {"day of month", "1", "31", ""},
    {"month", "1", "12", "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC"},
    {"day of week", "0", "7", "SUN MON TUE WED THU FRI SAT"},
  };

  static void cron(String schedule, String at, List<String> v) {
    String s = schedule.trim();
    if (s.startsWith("@")) {
      if (!Set.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly")
          .contains(s)) {
        v.add(at + ": '" + s + "' is not a cron descriptor Knative accepts (no @every)");
      }
      return;
    }
    String[] fields = s.split("\\s+");
    if (fields.length != 5) {
      v.add(at + ": '" + s + "' must have 5 fields (minute hour day-of-month month day-of-week)");
      return;
    }
    for (int i = 0; i < 5; i++) {
      String[] spec = CRON_FIELDS[i];
      for (String part : fields[i].split(",", -1)) {
        if (!cronPart(
            part, Integer.parseInt(spec[1]), Integer.parseInt(spec[2]), spec[3], i >= 2)) {
          v.add(at + ": '" + part + "' is not a valid " + spec[0] + " in '" + s + "'");
        }
      }
    }
  }

  private static boolean cronPart(String part, int min, int max, String names, boolean question) {
    if (part.isEmpty()) {
      return false;
    }
    if (question && part.equals("?")) {
      return true;
    }
    String range = part;
    int slash = part.indexOf('/');
    if (slash >= 0) {
      range = part.substring(0, slash);
      String step = part.substring(slash + 1);
      if (!step.matches("[0-9]+") || Integer.parseInt(step) == 0) {
        return false;
      }
    }
    if (range.equals("*")) {
      return true;
    }
    String[] bounds = range.split("-", -1);
    if (bounds.length > 2) {
      return false;
    }
    int low = cronValue(bounds[0], min, max, names);
    int high = bounds.length == 2 ? cronValue(bounds[1], min, max, names) : low;
    return low >= 0 && high >= 0 && low <= high;
  }

  private static int cronValue(String value, int min, int max, String names) {
    if (value.matches("[0-9]+")) {
      int n = Integer.parseInt(value);
      return n >= min && n <= max ? n : -1;
    }
    List<String> known = List.of(names.split(" "));
    int index = known.indexOf(value.toUpperCase(Locale.ROOT));
    return names.isEmpty() || index < 0 ? -1 : index + min;
  }

  // ---- Knative Service -------------------------------------------------------------------------

  static List<String> service(JsonNode s) {
    List<String> v = new ArrayList<>();
    s.path("metadata")
        .path("annotations")
        .fieldNames()
        .forEachRemaining(
            a -> {
              if (a.startsWith(AUTOSCALING)) {
                v.add(
                    "metadata.annotations."
                        + a
                        + ": autoscaling annotations belong on spec.template.metadata.annotations");
              }
            });
    JsonNode annotations = s.path("spec").path("template").path("metadata").path("annotations");
    Integer minScale = scale(annotations, "min-scale", v);
    Integer maxScale = scale(annotations, "max-scale", v);
    Integer initialScale = scale(annotations, "initial-scale", v);
    if (minScale != null && maxScale != null && maxScale > 0 && minScale > maxScale) {
      v.add("min-scale " + minScale + " exceeds max-scale " + maxScale);
    }
    if (initialScale != null && initialScale == 0) {
      v.add("initial-scale 0 is rejected unless the cluster sets allow-zero-initial-scale");
    }
    String target = annotations.path(AUTOSCALING + "target").asText(null);
    if (target != null) {
      try {
        if (Double.parseDouble(target) < 0.01) {
          v.add("autoscaling target must be at least 0.01, is " + target);
        }
      } catch (NumberFormatException e) {
        v.add("autoscaling target is not a number: " + target);
      }
    }
    String retention =
        annotations.path(AUTOSCALING + "scale-to-zero-pod-retention-period").asText(null);
    if (retention != null && !retention.matches("^[0-9]+(ms|s|m|h)([0-9]+(ms|s|m|h))*$")) {
      v.add("scale-to-zero-pod-retention-period must be a Go duration such as 5m, is " + retention);
    }

    JsonNode spec = s.path("spec").path("template").path("spec");
    int timeout = spec.path("timeoutSeconds").asInt(300);
    if (timeout < 0 || timeout > MAX_REVISION_TIMEOUT_SECONDS) {
      v.add("timeoutSeconds must be within 0.." + MAX_REVISION_TIMEOUT_SECONDS + ", is " + timeout);
    }
    int concurrency = spec.path("containerConcurrency").asInt(0);
    if (concurrency < 0 || concurrency > 1000) {
      v.add("containerConcurrency must be within 0..1000, is " + concurrency);
    }
    JsonNode containers = spec.path("containers");
    if (containers.size() == 0) {
      v.add("spec.template.spec.containers must have a container");
    }
    int serving = 0;
    for (JsonNode c : containers) {
      JsonNode ports = c.path("ports");
      if (ports.size() > 1) {
        v.add("container " + c.path("name").asText() + " may expose at most one port");
      }
      if (ports.size() == 1 || containers.size() == 1) {
        serving++;
        int port = ports.size() == 1 ? ports.get(0).path("containerPort").asInt(8080) : 8080;
        String portName = ports.size() == 1 ? ports.get(0).path("name").asText("") : "";
        readinessProbe(c.path("readinessProbe"), port, portName, v);
        kubeletProbe(c.path("livenessProbe"), "livenessProbe", port, portName, v);
        kubeletProbe(c.path("startupProbe"), "startupProbe", port, portName, v);
      }
    }
    if (containers.size() > 0 && serving != 1) {
      v.add("exactly one container must expose the serving port, found " + serving);
    }
    return v;
  }

  private static Integer scale(JsonNode annotations, String name, List<String> v) {
    JsonNode value = annotations.path(AUTOSCALING + name);
    if (value.isMissingNode()) {
      return null;
    }
    if (!value.isTextual() || !value.asText().matches("[0-9]+")) {
      v.add(AUTOSCALING + name + " must be a quoted non-negative integer, is " + value);
      return null;
    }
    return Integer.parseInt(value.asText());
  }

  private static void readinessProbe(JsonNode p, int port, String portName, List<String> v) {
    if (p.isMissingNode()) {
      return;
    }
    probeHandler(p, "readinessProbe", port, portName, v);
    int period = p.path("periodSeconds").asInt(0);
    if (period == 0) {
      if (p.has("timeoutSeconds") || p.has("failureThreshold")) {
        v.add(
            "readinessProbe: without periodSeconds (aggressive probing) timeoutSeconds and"
                + " failureThreshold must not be set");
      }
    } else {
      periodicProbe(p, "readinessProbe", v);
    }
  }

  private static void kubeletProbe(
      JsonNode p, String which, int port, String portName, List<String> v) {
    if (p.isMissingNode()) {
      return;
    }
    probeHandler(p, which, port, portName, v);
    periodicProbe(p, which, v);
  }

  private static void periodicProbe(JsonNode p, String which, List<String> v) {
    if (p.path("periodSeconds").asInt(0) < 1) {
      v.add(which + ".periodSeconds must be at least 1");
    }
    if (p.path("timeoutSeconds").asInt(0) < 1 || p.path("failureThreshold").asInt(0) < 1) {
      v.add(which + ": with periodSeconds, timeoutSeconds and failureThreshold must be at least 1");
    }
  }

  private static void probeHandler(
      JsonNode p, String which, int port, String portName, List<String> v) {
    int handlers = 0;
    for (String h : List.of("httpGet", "tcpSocket", "exec", "grpc")) {
      if (p.has(h)) {
        handlers++;
        JsonNode probePort = p.get(h).path("port");
        if (!probePort.isMissingNode()
            && !(probePort.canConvertToInt() && probePort.asInt() == port)
            && !(probePort.isTextual() && probePort.asText().equals(portName))) {
          v.add(
              which
                  + "."
                  + h
                  + ".port must be omitted or be the container port "
                  + port
                  + ", is "
                  + probePort);
        }
      }
    }
    if (handlers != 1) {
      v.add(which + " needs exactly one handler (httpGet, tcpSocket, exec, grpc)");
    }
  }
}
