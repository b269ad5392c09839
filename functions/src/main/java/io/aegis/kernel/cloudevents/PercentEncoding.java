package io.aegis.kernel.cloudevents;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of CloudEvent attribute values in HTTP headers (CloudEvents HTTP binding 1.0.2
 * §3.1.3.2): space, {@code "}, {@code %} and every character outside printable ASCII are sent as
 * {@code %XX} of their UTF-8 bytes.
 */
final class PercentEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  static String encode(String value) {
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c > ' ' && c < 0x7f && c != '"' && c != '%') {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(value.length() + 16).append(value, 0, i);
      }
      int end = Character.isHighSurrogate(c) && i + 1 < value.length() ? i + 2 : i + 1;
      for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
        out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
      }
      i = end - 1;
    }
    return out == null ? value : out.toString();
  }

  /** Decodes valid {@code %XX} sequences; anything else (a lone {@code %}) is kept as sent. */
  static String decode(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    int i = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (c == '%' && hex(value, i + 1) >= 0 && hex(value, i + 2) >= 0) {
        bytes.write(hex(value, i + 1) << 4 | hex(value, i + 2));
        i += 3;
      } else {
        int cp = value.codePointAt(i);
        byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
        i += Character.charCount(cp);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static int hex(String s, int index) {
    return index < s.length() ? Character.digit(s.charAt(index), 16) : -1;
  }

  private PercentEncoding() {}
}
