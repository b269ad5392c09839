package io.aegis.kernel.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.aegis.kernel.error.AegisException;
import java.io.IOException;

/**
 * The one JSON mapper of Aegis' own payloads (events, webhook bodies). Jackson 2, as used by
 * fabric8 and the CloudEvents SDK; Spring Boot's own Jackson 3 is not involved.
 */
public final class Json {
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .findAndAddModules()
          .build();

  /**
   * Reads {@code bytes} as {@code type}; malformed input is an invalid-input error naming {@code
   * what}.
   */
  public static <T> T read(byte[] bytes, Class<T> type, String what) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw AegisException.invalid(what + " is not valid JSON: " + firstLine(e.getMessage()));
    }
  }

  public static JsonNode tree(byte[] bytes, String what) {
    return read(bytes, JsonNode.class, what);
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getName(), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private Json() {}
}
