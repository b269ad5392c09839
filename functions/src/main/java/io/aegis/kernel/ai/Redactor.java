package io.aegis.kernel.ai;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks sensitive values in text before it leaves the cluster (prompts built from events, logs and
 * alerts). {@link LlmClient} implementations apply it to every prompt, so no caller can forget.
 *
 * <p>Secrets (tokens, passwords, keys, authorization values) become {@code [REDACTED:<what>]} and
 * are never restored. Identifiers (e-mails, IP addresses) become stable placeholders such as {@code
 * [ip-1]} within one {@link Session}, so the model can still tell them apart, and {@link
 * Session#restore} puts the real values back into the answer (an alert about node {@code 10.0.0.5}
 * must still name that node). Over-masking is preferred to leaking: a value that merely looks like
 * a secret is masked.
 */
public final class Redactor {

  /** A class of sensitive values, each switchable in {@code aegis.ai.redact.*}. */
  public enum Category {
    TOKENS,
    PASSWORDS,
    KEYS,
    AUTHORIZATION,
    EMAILS,
    IPS
  }

  static final String SECRET = "[REDACTED:secret]";
  static final String TOKEN = "[REDACTED:token]";
  static final String KEY = "[REDACTED:key]";
  static final String PRIVATE_KEY = "[REDACTED:private-key]";
  static final String AUTHORIZATION = "[REDACTED:authorization]";

  /** Compiled on first use, so building a Redactor bean at startup costs nothing. */
  private static final class Patterns {
    // Keys first: a PEM block spans lines and would otherwise be cut up by the other rules.
    private static final Pattern PEM_PRIVATE_KEY =
        Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----"
                + "(?:[\\s\\S]*?-----END \\1PRIVATE KEY-----|[A-Za-z0-9+/=\\s\\\\]*)");
    private static final Pattern CLOUD_ACCESS_KEY_ID =
        Pattern.compile("(?<![A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Za-z0-9])");
    private static final Pattern LONG_RANDOM =
        Pattern.compile(
            "(?<![A-Za-z0-9+/_=.-])[A-Za-z0-9+/_-]{40,}={0,2}(?![A-Za-z0-9+/_=-]|\\.[A-Za-z0-9])");

    // --- authorization headers: the whole value, whatever the scheme ---
    private static final String AUTH_HEADER_NAMES =
        "(?:proxy-)?authorization|cookie|set-cookie|x-auth-token|x-vault-token";
    private static final Pattern AUTH_HEADER =
        Pattern.compile(
            "(?i)(?<![A-Za-z0-9_-])(\\\\?[\"']?(?:"
                + AUTH_HEADER_NAMES
                + ")\\\\?[\"']?[ \\t]*[:=][ \\t]*)"
                + "(\\\\\"(?:(?!\\\\\").)*\\\\\"|\"(?:[^\"\\\\\\r\\n]|\\\\.)*\"|'[^'\\r\\n]*'"
                + "|[^\"'\\r\\n\\\\]+)");

    // --- tokens ---
    private static final Pattern BEARER =
        Pattern.compile("(?i)(?<![A-Za-z0-9])(bearer)([ \\t]+)([A-Za-z0-9\\-._~+/]{8,}=*)");
    private static final Pattern JWT =
        Pattern.compile(
            "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");
    private static final Pattern WELL_KNOWN_TOKEN =
        Pattern.compile(
            "(?<![A-Za-z0-9_-])(?:sk-(?:proj-|ant-|svcacct-)?[A-Za-z0-9_-]{20,}"
                + "|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|glpat-[A-Za-z0-9_-]{20,}"
                + "|xox[abposr]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35}|hf_[A-Za-z0-9]{30,}"
                + "|[a-z0-9]{6}\\.[a-z0-9]{16})(?![A-Za-z0-9_-])");

    // --- passwords: values of keys that name a secret ---
    /** A key whose name ends in a secret-ish word: DB_PASSWORD, spring.datasource.password, ... */
    private static final String SECRET_KEY =
        "[A-Za-z0-9_.-]*?(?i:password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey"
            + "|access[_-]?key|secret[_-]?key|private[_-]?key|credentials?)";

    private static final Pattern KEY_VALUE =
        Pattern.compile(
            "(?<![A-Za-z0-9_.-])(\\\\?[\"']?"
                + SECRET_KEY
                + "\\\\?[\"']?[ \\t]*[:=][ \\t]*)"
                + "(\\\\\"(?:(?!\\\\\").)*\\\\\"|\"(?:[^\"\\\\\\r\\n]|\\\\.)*\"|'[^'\\r\\n]*'"
                + "|(?:[^\\s,;&\"'<>{}\\[\\]\\\\]|[,;&](?!\\s|[A-Za-z0-9_.-]+[=:]|$))+)");

    /** Kubernetes env entries: {"name": "DB_PASSWORD", "value": "..."} and the YAML form. */
    private static final Pattern ENV_JSON =
        Pattern.compile(
            "(\"name\"[ \\t]*:[ \\t]*\""
                + SECRET_KEY
                + "\"[ \\t]*,[ \\t]*\"value\"[ \\t]*:[ \\t]*)(\"(?:[^\"\\\\]|\\\\.)*\")");

    private static final Pattern ENV_YAML =
        Pattern.compile(
            "(name:[ \\t]*[\"']?"
                + SECRET_KEY
                + "[\"']?[ \\t]*\\r?\\n[ \\t]*value:[ \\t]*)([^\\r\\n]+)");

    private static final Pattern CLI_FLAG =
        Pattern.compile(
            "(?<![A-Za-z0-9_-])(--?[A-Za-z0-9-]*?(?i:password|passwd|token|secret|api-key|apikey)"
                + "[ \\t]+)([^\\s\"'-][^\\s\"']*)");

    private static final Pattern URL_CREDENTIALS =
        Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^\\s:/@\"'<>]+:)([^\\s@/\"'<>]+)(@)");

    // --- identifiers ---
    private static final Pattern EMAIL =
        Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*"
                + "\\.[A-Za-z]{2,}(?![A-Za-z0-9-])");
    private static final Pattern IPV6_CANDIDATE =
        Pattern.compile(
            "(?<![0-9A-Za-z:._-])[0-9A-Fa-f:][0-9A-Fa-f:.]*[0-9A-Fa-f:](?:%[0-9A-Za-z]+)?"
                + "(?![0-9A-Za-z:_])");
    private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 =
        Pattern.compile(
            "(?<![0-9A-Za-z.])" + OCTET + "(?:\\." + OCTET + "){3}(?![0-9]|\\.[0-9]|[A-Za-z])");
    private static final Pattern IPV4_EXACT = Pattern.compile(OCTET + "(?:\\." + OCTET + "){3}");
    private static final Pattern PLACEHOLDER =
        Pattern.compile("\\[(ip|email)-([0-9]+)\\]", Pattern.CASE_INSENSITIVE);
  }

  private final Set<Category> enabled;

  public Redactor(Set<Category> enabled) {
    this.enabled = EnumSet.noneOf(Category.class);
    this.enabled.addAll(enabled);
  }

  public static Redactor from(AiProperties.Redact redact) {
    return new Redactor(redact.categories());
  }

  /** All classes on. */
  public static Redactor all() {
    return new Redactor(EnumSet.allOf(Category.class));
  }

  public Set<Category> enabled() {
    return EnumSet.copyOf(enabled);
  }

  /** Masks {@code text} on its own (placeholders numbered from 1 for this text). */
  public String redact(String text) {
    return session().redact(text);
  }

  /** A scope in which identifiers get stable placeholders: one LLM call. */
  public Session session() {
    return new Session();
  }

  /** Placeholders of one LLM call: the same IP is {@code [ip-1]} in the system and user prompt. */
  public final class Session {
    private final Map<String, String> placeholderByValue = new HashMap<>();
    private final Map<String, String> valueByPlaceholder = new LinkedHashMap<>();
    private int ips;
    private int emails;

    private Session() {}

    public String redact(String text) {
      if (text == null || text.isEmpty() || enabled.isEmpty()) {
        return text;
      }
      String t = text;
      if (on(Category.KEYS)) {
        t = Patterns.PEM_PRIVATE_KEY.matcher(t).replaceAll(Matcher.quoteReplacement(PRIVATE_KEY));
      }
      if (on(Category.AUTHORIZATION)) {
        t = replaceValue(Patterns.AUTH_HEADER, t, AUTHORIZATION);
      }
      if (on(Category.TOKENS)) {
        t =
            replace(
                Patterns.BEARER,
                t,
                m -> tokenLike(m.group(3)) ? m.group(1) + m.group(2) + TOKEN : m.group());
        t = Patterns.JWT.matcher(t).replaceAll(Matcher.quoteReplacement(TOKEN));
        t = Patterns.WELL_KNOWN_TOKEN.matcher(t).replaceAll(Matcher.quoteReplacement(TOKEN));
      }
      if (on(Category.PASSWORDS)) {
        t = replaceValue(Patterns.ENV_JSON, t, SECRET);
        t = replaceValue(Patterns.ENV_YAML, t, SECRET);
        t = replaceValue(Patterns.KEY_VALUE, t, SECRET);
        t = replaceValue(Patterns.CLI_FLAG, t, SECRET);
        t = replace(Patterns.URL_CREDENTIALS, t, m -> m.group(1) + SECRET + m.group(3));
      }
      if (on(Category.KEYS)) {
        t = Patterns.CLOUD_ACCESS_KEY_ID.matcher(t).replaceAll(Matcher.quoteReplacement(KEY));
        t = replace(Patterns.LONG_RANDOM, t, m -> looksRandom(m.group()) ? KEY : m.group());
      }
      if (on(Category.EMAILS)) {
        t = replace(Patterns.EMAIL, t, m -> placeholder("email", m.group()));
      }
      if (on(Category.IPS)) {
        t =
            replace(
                Patterns.IPV6_CANDIDATE,
                t,
                m -> isIpv6(m.group()) ? placeholder("ip", m.group()) : m.group());
        t = replace(Patterns.IPV4, t, m -> placeholder("ip", m.group()));
      }
      return t;
    }

    /** Puts the real e-mails and IP addresses back where the answer uses their placeholders. */
    public String restore(String answer) {
      if (answer == null || valueByPlaceholder.isEmpty()) {
        return answer;
      }
      return replace(
          Patterns.PLACEHOLDER,
          answer,
          m -> {
            String key = "[" + m.group(1).toLowerCase(Locale.ROOT) + "-" + m.group(2) + "]";
            String value = valueByPlaceholder.get(key);
            return value == null ? m.group() : value;
          });
    }

    private String placeholder(String kind, String value) {
      return placeholderByValue.computeIfAbsent(
          kind + ":" + value,
          k -> {
            int n = kind.equals("ip") ? ++ips : ++emails;
            String placeholder = "[" + kind + "-" + n + "]";
            valueByPlaceholder.put(placeholder, value);
            return placeholder;
          });
    }
  }

  private boolean on(Category category) {
    return enabled.contains(category);
  }

  /** Replaces group 2 (the value) by {@code mask}, keeping group 1 and the value's quotes. */
  private static String replaceValue(Pattern pattern, String text, String mask) {
    return replace(
        pattern,
        text,
        m -> {
          String value = m.group(2);
          if (value.contains("[REDACTED")) {
            return m.group();
          }
          String masked;
          if (value.startsWith("\\\"")) {
            masked = "\\\"" + mask + "\\\"";
          } else if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
            char q = value.charAt(0);
            masked = q + mask + q;
          } else {
            // Header-style values run to the end of the line: keep trailing blanks as they were.
            String trimmed = value.stripTrailing();
            masked = mask + value.substring(trimmed.length());
          }
          return m.group(1) + masked;
        });
  }

  private static String replace(Pattern pattern, String text, Function<Matcher, String> with) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    do {
      m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
    } while (m.find());
    m.appendTail(out);
    return out.toString();
  }

  /** "Bearer abc123…" is a token; "bearer authentication" in prose is not. */
  private static boolean tokenLike(String s) {
    return !s.chars().allMatch(c -> c >= 'a' && c <= 'z');
  }

  /**
   * A long run of base64/url-safe characters is a key when it mixes cases and digits like random
   * data does; lower-case names, hex digests and paths are left alone.
   */
  static boolean looksRandom(String s) {
    if (s.startsWith("/")) {
      return false;
    }
    int upper = 0;
    int lower = 0;
    int digits = 0;
    int slashes = 0;
    int dashes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') upper++;
      else if (c >= 'a' && c <= 'z') lower++;
      else if (c >= '0' && c <= '9') digits++;
      else if (c == '/') slashes++;
      else if (c == '-' || c == '_') dashes++;
    }
    if (upper == 0 || lower == 0 || digits == 0) {
      return false;
    }
    // Paths and dashed identifiers have a separator every few characters; random data rarely does.
    if (slashes * 12 > s.length() || dashes * 8 > s.length()) {
      return false;
    }
    // Upper-camel-case identifiers (AbstractAutowireCapableBeanFactory1...) have few capitals.
    return upper * 10 >= s.length() && digits * 20 >= s.length();
  }

  /** Validates an IPv6 candidate: one "::" at most, 1–4 hex digits per group, 8 groups in all. */
  static boolean isIpv6(String candidate) {
    String s = candidate;
    int zone = s.indexOf('%');
    if (zone >= 0) {
      s = s.substring(0, zone);
    }
    if (s.chars().filter(c -> c == ':').count() < 2) {
      return false;
    }
    int groupsNeeded = 8;
    int lastColon = s.lastIndexOf(':');
    String tail = s.substring(lastColon + 1);
    if (tail.contains(".")) {
      if (!Patterns.IPV4_EXACT.matcher(tail).matches()) {
        return false;
      }
      // The dotted tail stands for two groups; count it as one "0" group and need one fewer.
      s = s.substring(0, lastColon + 1) + "0";
      groupsNeeded = 7;
    }
    int compress = s.indexOf("::");
    if (compress < 0) {
      return hexGroups(s) == groupsNeeded;
    }
    if (s.indexOf("::", compress + 1) >= 0) {
      return false;
    }
    int left = hexGroups(s.substring(0, compress));
    int right = hexGroups(s.substring(compress + 2));
    return left >= 0 && right >= 0 && left + right < groupsNeeded;
  }

  /** Number of ':'-separated groups of 1–4 hex digits, 0 for "", -1 when malformed. */
  private static int hexGroups(String s) {
    if (s.isEmpty()) {
      return 0;
    }
    String[] parts = s.split(":", -1);
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 4 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        return -1;
      }
    }
    return parts.length;
  }
}
