package io.aegis.kernel.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class JsonPatchDiffTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static String diff(String before, String after, String stored) throws Exception {
    ArrayNode ops = JsonPatchDiff.newPatch();
    JsonPatchDiff.diff(
        ops,
        "/status",
        (ObjectNode) MAPPER.readTree(before),
        (ObjectNode) MAPPER.readTree(after),
        MAPPER.readTree(stored));
    return ops.toString();
  }

  private static JsonNode json(String s) throws Exception {
    return MAPPER.readTree(s);
  }

  @Test
  void equalObjectsGiveNoOperations() throws Exception {
    assertThat(diff("{\"a\":1,\"o\":{\"x\":[1]}}", "{\"a\":1,\"o\":{\"x\":[1]}}", "{}"))
        .isEqualTo("[]");
  }

  @Test
  void recursesIntoObjectsTheServerHas() throws Exception {
    assertThat(
            json(
                diff(
                    "{\"ops\":{\"total\":0,\"message\":\"m\"}}",
                    "{\"ops\":{\"total\":1,\"message\":\"m\"}}",
                    "{\"ops\":{\"total\":0,\"message\":\"m\"}}")))
        .isEqualTo(json("[{\"op\":\"add\",\"path\":\"/status/ops/total\",\"value\":1}]"));
  }

  @Test
  void addsAWholeObjectTheModelDefaultedButTheServerLacks() throws Exception {
    assertThat(
            json(
                diff(
                    "{\"results\":{}}",
                    "{\"results\":{\"gpu\":[{\"item\":\"xid\"}]}}",
                    "{\"status\":\"Pending\"}")))
        .isEqualTo(
            json(
                "[{\"op\":\"add\",\"path\":\"/status/results\","
                    + "\"value\":{\"gpu\":[{\"item\":\"xid\"}]}}]"));
  }

  @Test
  void removesOnlyWhatTheServerHas() throws Exception {
    assertThat(json(diff("{\"message\":\"m\",\"conditions\":[]}", "{}", "{\"message\":\"m\"}")))
        .isEqualTo(json("[{\"op\":\"remove\",\"path\":\"/status/message\"}]"));
  }

  @Test
  void replacesArraysWholeAndNeverMentionsUnknownFields() throws Exception {
    assertThat(
            json(
                diff(
                    "{\"conditions\":[{\"type\":\"A\"},{\"type\":\"B\"}]}",
                    "{\"conditions\":[{\"type\":\"B\"}]}",
                    "{\"conditions\":[{\"type\":\"A\"},{\"type\":\"B\"}],\"future\":\"x\"}")))
        .isEqualTo(
            json(
                "[{\"op\":\"add\",\"path\":\"/status/conditions\",\"value\":[{\"type\":\"B\"}]}]"));
  }

  @Test
  void escapesMapKeysInPaths() throws Exception {
    assertThat(json(diff("{\"results\":{}}", "{\"results\":{\"a/b~c\":[]}}", "{\"results\":{}}")))
        .isEqualTo(json("[{\"op\":\"add\",\"path\":\"/status/results/a~1b~0c\",\"value\":[]}]"));
  }
}
