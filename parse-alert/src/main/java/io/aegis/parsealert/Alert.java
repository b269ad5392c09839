package io.aegis.parsealert;

import io.aegis.kernel.crd.AlertSource;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.json.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One alert, normalised from whichever format it arrived in, and valid: it has a type, a status, an
 * object name (and a namespace when the object is a Pod) and a fingerprint. Built only through
 * {@link #validated}.
 *
 * @param node the node the object is on: the object itself for a Node; for a Pod the given node or
 *     empty (the recorder then looks the pod up)
 * @param fingerprint identity across deliveries; when the sender gives none it is a hash of type,
 *     object and sorted details, so repeats of the same alert deduplicate
 */
record Alert(
    AlertSource source,
    String type,
    AlertStatus status,
    String kind,
    String name,
    String namespace,
    String node,
    Map<String, String> details,
    String fingerprint) {

  static final String NODE = "Node";
  static final String POD = "Pod";

  /**
   * How the fields of a format are called, so that validation errors name the field the sender
   * wrote.
   */
  record Fields(String type, String status, String name, String namespace) {
    static final Fields CUSTOM =
        new Fields("type", "status", "involvedObject.name", "involvedObject.namespace");
  }

  /** The raw, untrusted values of an alert, before validation. */
  record Raw(
      String type,
      String status,
      String kind,
      String name,
      String namespace,
      String node,
      Map<String, String> details,
      String fingerprint) {}

  /**
   * Validates and normalises {@code raw}.
   *
   * @throws AegisException (invalid input) naming every field that is wrong
   */
  static Alert validated(AlertSource source, Raw raw, Fields fields) {
    List<String> problems = new ArrayList<>();
    String type = trim(raw.type());
    if (type.isEmpty()) {
      problems.add(fields.type() + " is required");
    }
    AlertStatus status = AlertStatus.parse(raw.status()).orElse(null);
    if (status == null) {
      problems.add(
          trim(raw.status()).isEmpty()
              ? fields.status() + " is required (Firing or Resolved)"
              : fields.status() + " must be Firing or Resolved, got \"" + raw.status() + "\"");
    }
    String kind = canonicalKind(trim(raw.kind()));
    String name = trim(raw.name());
    if (name.isEmpty()) {
      problems.add(fields.name() + " is required");
    }
    String namespace = trim(raw.namespace());
    if (POD.equals(kind) && namespace.isEmpty()) {
      problems.add(fields.namespace() + " is required for a Pod");
    }
    if (!problems.isEmpty()) {
      throw AegisException.invalid(String.join("; ", problems));
    }
    String node = trim(raw.node());
    if (NODE.equals(kind) && node.isEmpty()) {
      node = name;
    }
    Map<String, String> details =
        new LinkedHashMap<>(raw.details() == null ? Map.of() : raw.details());
    String fingerprint = trim(raw.fingerprint());
    if (fingerprint.isEmpty()) {
      fingerprint = generatedFingerprint(type, kind, name, namespace, node, details);
    }
    return new Alert(source, type, status, kind, name, namespace, node, details, fingerprint);
  }

  Alert withSource(AlertSource newSource) {
    return new Alert(newSource, type, status, kind, name, namespace, node, details, fingerprint);
  }

  boolean isPod() {
    return POD.equals(kind);
  }

  /** 16 hex characters of SHA-256 over type, object and details sorted by key. */
  static String generatedFingerprint(
      String type,
      String kind,
      String name,
      String namespace,
      String node,
      Map<String, String> details) {
    // A JSON array is an unambiguous encoding: no value can imitate a separator.
    byte[] canonical =
        Json.write(List.of(type, kind, name, namespace, node, new TreeMap<>(details)));
    return sha256Hex(canonical).substring(0, 16);
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** {@code node} and {@code pod} (any case) become {@code Node} and {@code Pod}; others stay. */
  static String canonicalKind(String kind) {
    return switch (kind.toLowerCase(Locale.ROOT)) {
      case "node" -> NODE;
      case "pod" -> POD;
      default -> kind;
    };
  }

  private static String trim(String s) {
    return s == null ? "" : s.trim();
  }
}
