package io.aegis.kernel.kube;

import java.util.regex.Pattern;

/**
 * Kubernetes label rules, and the label keys Aegis sets.
 *
 * <p>A key is an optional prefix (a DNS-1123 subdomain of at most 253 characters) and a {@code /},
 * then a name of 1–63 characters: alphanumerics, {@code -}, {@code _} and {@code .}, starting and
 * ending with an alphanumeric. A value is empty, or 1–63 characters following the same rule as a
 * name.
 */
public final class Labels {
  /** Where the alert came from: an {@code AlertSource} name. */
  public static final String ALERT_SOURCE_TYPE = "alert-source-type";

  /** The alert's type (sanitised). */
  public static final String ALERT_TYPE = "alert-type";

  /** Firing or Resolved. */
  public static final String ALERT_STATUS = "alert-status";

  /** {@link Names#fingerprintLabel} of the alert's fingerprint. */
  public static final String FINGERPRINT = "fingerprint";

  /** The node an alert, workflow or check is about. */
  public static final String NODE = "aegis.io/node";

  /** On a Workflow: the name of the AegisAlert it runs for. */
  public static final String ALERT = "aegis.io/alert";

  /** On a check pod: the AegisNodeHealthCheck it runs. */
  public static final String HEALTH_CHECK = "aegis.io/health-check";

  /** Standard label marking objects Aegis created; value {@link #MANAGED_BY_AEGIS}. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  public static final String MANAGED_BY_AEGIS = "aegis";

  public static final int MAX_VALUE_LENGTH = 63;
  private static final int MAX_PREFIX_LENGTH = 253;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern DNS_1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern NOT_ALLOWED = Pattern.compile("[^-A-Za-z0-9_.]");

  /** True when {@code key} is a valid label (or annotation) key. */
  public static boolean isValidKey(String key) {
    if (key == null || key.isEmpty()) {
      return false;
    }
    int slash = key.indexOf('/');
    String name = key;
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
      if (prefix.isEmpty()
          || prefix.length() > MAX_PREFIX_LENGTH
          || !DNS_1123_SUBDOMAIN.matcher(prefix).matches()) {
        return false;
      }
    }
    return isName(name);
  }

  /** True when {@code value} is a valid label value (the empty string is). */
  public static boolean isValidValue(String value) {
    return value != null && (value.isEmpty() || isName(value));
  }

  /**
   * A valid label value resembling {@code raw}: characters outside {@code [-A-Za-z0-9_.]} become
   * {@code -}, the result is cut to 63 characters and stripped of leading and trailing
   * non-alphanumerics. May be empty (null or nothing usable in, empty out). Distinct inputs can
   * collide; use a hash ({@link Names#fingerprintLabel}) where identity matters.
   */
  public static String sanitizeValue(String raw) {
    if (raw == null) {
      return "";
    }
    String s = NOT_ALLOWED.matcher(raw).replaceAll("-");
    if (s.length() > MAX_VALUE_LENGTH) {
      s = s.substring(0, MAX_VALUE_LENGTH);
    }
    int from = 0;
    int to = s.length();
    while (from < to && !Character.isLetterOrDigit(s.charAt(from))) {
      from++;
    }
    while (to > from && !Character.isLetterOrDigit(s.charAt(to - 1))) {
      to--;
    }
    return s.substring(from, to);
  }

  private static boolean isName(String name) {
    return name.length() <= MAX_VALUE_LENGTH && NAME.matcher(name).matches();
  }

  private Labels() {}
}
