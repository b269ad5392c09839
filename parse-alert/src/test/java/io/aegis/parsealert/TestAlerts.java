package io.aegis.parsealert;

import io.aegis.kernel.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Custom-format alert bodies, starting from the README alert of the acceptance cases. */
final class TestAlerts {
  static final String README_FINGERPRINT = "5f972974ccf1ee9b";

  /** The README alert, exactly as the acceptance cases write it. */
  static String readme() {
    return """
        {"type": "NodeHasEmergencyEvent", "status": "Firing",
         "involvedObject": {"Kind": "Node", "Name": "dev1"},
         "details": {"startAt": "2022021122", "node": "dev1"},
         "fingerprint": "5f972974ccf1ee9b"}
        """;
  }

  /** The README alert with another status. */
  static String readme(String status) {
    return readme().replace("\"Firing\"", "\"" + status + "\"");
  }

  /** A custom alert built field by field (for variations). */
  static Builder alert(String type) {
    return new Builder(type);
  }

  static final class Builder {
    private final Map<String, Object> body = new LinkedHashMap<>();
    private final Map<String, Object> object = new LinkedHashMap<>();
    private final Map<String, String> details = new LinkedHashMap<>();

    Builder(String type) {
      body.put("type", type);
      body.put("status", "Firing");
      object.put("kind", "Node");
      object.put("name", "dev1");
    }

    Builder status(String status) {
      body.put("status", status);
      return this;
    }

    Builder object(String kind, String name, String namespace) {
      object.clear();
      object.put("kind", kind);
      object.put("name", name);
      if (namespace != null) {
        object.put("namespace", namespace);
      }
      return this;
    }

    Builder detail(String key, String value) {
      details.put(key, value);
      return this;
    }

    Builder fingerprint(String fingerprint) {
      body.put("fingerprint", fingerprint);
      return this;
    }

    Builder without(String key) {
      body.remove(key);
      object.remove(key);
      return this;
    }

    String json() {
      Map<String, Object> all = new LinkedHashMap<>(body);
      all.put("involvedObject", object);
      all.put("details", details);
      return new String(Json.write(all), StandardCharsets.UTF_8);
    }
  }

  private TestAlerts() {}
}
