package io.aegis.local;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A request for a resource, from its path ({@code /api/v1/...} or {@code
 * /apis/<group>/<version>/[namespaces/<ns>/]<plural>[/<name>[/<subresource>]]}) and query.
 */
record ApiRequest(
    String group,
    String version,
    String namespace,
    String plural,
    String name,
    String subresource,
    Map<String, String> query) {

  /** The resource request of {@code uri}, empty for any other path. */
  static Optional<ApiRequest> parse(URI uri) {
    String[] s = uri.getRawPath().replaceAll("/+$", "").split("/");
    int at;
    String group;
    String version;
    if (s.length >= 4 && s[1].equals("api")) {
      group = "";
      version = s[2];
      at = 3;
    } else if (s.length >= 5 && s[1].equals("apis")) {
      group = s[2];
      version = s[3];
      at = 4;
    } else {
      return Optional.empty();
    }
    String namespace = null;
    if (s.length - at >= 3 && s[at].equals("namespaces")) {
      namespace = s[at + 1];
      at += 2;
    }
    String name = s.length > at + 1 ? s[at + 1] : null;
    String sub = s.length > at + 2 ? s[at + 2] : null;
    return Optional.of(
        new ApiRequest(group, version, namespace, s[at], name, sub, query(uri.getRawQuery())));
  }

  boolean isWatch() {
    return "true".equals(query.get("watch")) || "1".equals(query.get("watch"));
  }

  /** A numeric query parameter ({@code resourceVersion}, {@code timeoutSeconds}); 0 if absent. */
  long number(String parameter) {
    try {
      String value = query.get(parameter);
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The name a {@code fieldSelector=metadata.name=x} asks for, or null. */
  String selectedName() {
    String selector = query.get("fieldSelector");
    if (selector != null) {
      for (String term : selector.split(",")) {
        if (term.startsWith("metadata.name=")) {
          return term.substring("metadata.name=".length());
        }
      }
    }
    return null;
  }

  /** The equality terms of {@code labelSelector} ({@code a=b,c==d}). */
  Map<String, String> selectedLabels() {
    Map<String, String> labels = new LinkedHashMap<>();
    String selector = query.get("labelSelector");
    if (selector != null && !selector.isBlank()) {
      for (String term : selector.split(",")) {
        String[] kv = term.split("==?", 2);
        if (kv.length == 2) {
          labels.put(kv[0].strip(), kv[1].strip());
        }
      }
    }
    return labels;
  }

  static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String key =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.put(key, value);
      }
    }
    return query;
  }
}
