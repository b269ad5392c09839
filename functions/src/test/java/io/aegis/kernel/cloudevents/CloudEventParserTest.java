package io.aegis.kernel.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventParserTest {

  @Test
  void readsBinaryModeHeadersInAnyCaseAndLowerCasesExtensionNames() {
    Map<String, List<String>> headers =
        Map.of(
            "CE-SPECVERSION", List.of("1.0"),
            "ce-id", List.of("1"),
            "Ce-Source", List.of("/s"),
            "cE-tYPE", List.of("t"),
            "Ce-Kind", List.of("Pod"),
            "CONTENT-TYPE", List.of("application/json"));

    InboundEvent event = CloudEventParser.parse(headers, "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(event.id()).isEqualTo("1");
    assertThat(event.type()).isEqualTo("t");
    assertThat(event.source()).isEqualTo("/s");
    assertThat(event.dataContentType()).isEqualTo("application/json");
    assertThat(event.extensions()).isEqualTo(Map.of("kind", "Pod"));
    assertThat(new String(event.data(), StandardCharsets.UTF_8)).isEqualTo("{}");
  }

  @Test
  void leavesDataNullWhenTheEventHasNone() {
    Map<String, List<String>> headers =
        Map.of(
            "Ce-Specversion", List.of("1.0"),
            "Ce-Id", List.of("1"),
            "Ce-Source", List.of("/s"),
            "Ce-Type", List.of("dev.knative.sources.ping"));

    assertThat(CloudEventParser.parse(headers, new byte[0]).data()).isNull();
    assertThat(CloudEventParser.parse(headers, null).data()).isNull();
  }

  @Test
  void readsStructuredModeWithBase64DataAndExtensions() {
    String json =
        "{\"specversion\":\"1.0\",\"id\":\"2\",\"source\":\"/s\",\"type\":\"t\","
            + "\"subject\":\"ns/n\",\"namespace\":\"ns\",\"datacontenttype\":\"text/plain\","
            + "\"data_base64\":\"aGVsbG8=\"}";

    InboundEvent event =
        CloudEventParser.parse(
            Map.of("Content-Type", List.of("application/cloudevents+json; charset=UTF-8")),
            json.getBytes(StandardCharsets.UTF_8));

    assertThat(event.subject()).isEqualTo("ns/n");
    assertThat(event.extension("namespace")).isEqualTo("ns");
    assertThat(new String(event.data(), StandardCharsets.UTF_8)).isEqualTo("hello");
  }

  @Test
  void rejectsAMissingRequiredAttributeAsInvalidInput() {
    Map<String, List<String>> headers =
        Map.of("Ce-Specversion", List.of("1.0"), "Ce-Id", List.of("1"), "Ce-Type", List.of("t"));

    assertThatThrownBy(() -> CloudEventParser.parse(headers, null))
        .isInstanceOfSatisfying(
            AegisException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT))
        .hasMessageContaining("source");
  }

  @Test
  void percentDecodesAttributeValuesAndLeavesLonePercentSigns() {
    assertThat(PercentEncoding.decode("a%20b%C3%A9%22")).isEqualTo("a bé\"");
    assertThat(PercentEncoding.decode("100%")).isEqualTo("100%");
    assertThat(PercentEncoding.decode("50%zz")).isEqualTo("50%zz");
    assertThat(PercentEncoding.decode("plain")).isEqualTo("plain");
  }

  @Test
  void percentEncodesSpaceQuotePercentAndNonAscii() {
    assertThat(PercentEncoding.encode("ns/a b\"%é😀"))
        .isEqualTo("ns/a%20b%22%25%C3%A9%F0%9F%98%80");
    assertThat(PercentEncoding.encode("/aegis/match-rule")).isEqualTo("/aegis/match-rule");
    String tricky = "x\ny é 😀 %41";
    assertThat(PercentEncoding.decode(PercentEncoding.encode(tricky))).isEqualTo(tricky);
  }
}
