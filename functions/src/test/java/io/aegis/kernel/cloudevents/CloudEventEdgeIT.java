package io.aegis.kernel.cloudevents;

import static io.aegis.kernel.testing.CloudEventsHttp.ceHeaderNames;
import static io.aegis.kernel.testing.CloudEventsHttp.event;
import static io.aegis.kernel.testing.CloudEventsHttp.header;
import static io.aegis.kernel.testing.CloudEventsHttp.looksLikeCloudEvent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.aegis.kernel.json.Json;
import io.aegis.kernel.testing.CloudEventsHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.MDC;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The edge's HTTP contract, over real HTTP on a random port, against a small application that
 * declares one dummy {@link CloudEventFunction}: binary and structured mode with the header case
 * Knative sends, reply vs no reply, no echoed {@code ce-*} headers, 4xx vs 5xx.
 */
@SpringBootTest(
    classes = CloudEventEdgeIT.EdgeTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.application.name=edge-test",
      "spring.cloud.function.definition=echo",
      "aegis.sink.url="
    })
class CloudEventEdgeIT {
  static final String REPLY = "test.reply";
  static final String NO_REPLY = "test.noreply";
  static final String TRANSIENT = "test.transient";
  static final String PERMANENT = "test.permanent";
  static final String BUG = "test.bug";
  static final String REPLIED = "test.replied";

  @LocalServerPort int port;
  CloudEventsHttp http;

  @BeforeEach
  void setUp() {
    http = CloudEventsHttp.to(port);
  }

  @Test
  void repliesInBinaryModeToABinaryModeEventSentWithCanonicalHeaderCase() {
    CloudEventsHttp.Event sent =
        apiServerStyle(event(REPLY)).subject("default/wf-1").data("{\"phase\":\"Running\"}");

    HttpResponse<String> response = http.binary(sent);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(ceHeaderNames(response))
        .containsExactlyInAnyOrder("ce-id", "ce-source", "ce-specversion", "ce-subject", "ce-type");
    assertThat(header(response, "Ce-Specversion")).contains("1.0");
    assertThat(header(response, "Ce-Type")).contains(REPLIED);
    assertThat(header(response, "Ce-Source")).contains("/aegis/edge-test");
    assertThat(header(response, "Ce-Subject")).contains("default/wf-1");
    assertThat(header(response, "Content-Type")).contains("application/json");
    JsonNode seen = Json.tree(response.body().getBytes(StandardCharsets.UTF_8), "reply");
    assertThat(seen.path("id").asText()).isEqualTo(sent.id());
    assertThat(seen.path("type").asText()).isEqualTo(REPLY);
    assertThat(seen.path("source").asText()).isEqualTo("https://10.96.0.1:443");
    assertThat(seen.path("dataContentType").asText()).isEqualTo("application/json");
    assertThat(seen.path("data").path("phase").asText()).isEqualTo("Running");
    assertThat(Json.MAPPER.convertValue(seen.path("extensions"), Map.class))
        .isEqualTo(
            Map.of(
                "kind", "Workflow",
                "apiversion", "argoproj.io/v1alpha1",
                "name", "wf-1",
                "namespace", "default",
                "knativearrivaltime", "2026-01-01T00:00:00Z"));
  }

  @Test
  void repliesInBinaryModeToAStructuredModeEventSentWithCanonicalContentTypeHeader() {
    CloudEventsHttp.Event sent =
        apiServerStyle(event(REPLY)).subject("default/wf-2").data("{\"phase\":\"Succeeded\"}");

    HttpResponse<String> response = http.structured(sent);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(header(response, "Ce-Type")).contains(REPLIED);
    assertThat(header(response, "Ce-Subject")).contains("default/wf-2");
    assertThat(header(response, "Content-Type")).contains("application/json");
    JsonNode seen = Json.tree(response.body().getBytes(StandardCharsets.UTF_8), "reply");
    assertThat(seen.path("id").asText()).isEqualTo(sent.id());
    assertThat(seen.path("data").path("phase").asText()).isEqualTo("Succeeded");
    assertThat(seen.path("extensions").path("kind").asText()).isEqualTo("Workflow");
    assertThat(seen.path("extensions").path("namespace").asText()).isEqualTo("default");
  }

  @Test
  void answers202WithEmptyBodyAndNoCeHeadersWhenTheFunctionDoesNotReply() {
    for (HttpResponse<String> response :
        List.of(
            http.binary(apiServerStyle(event(NO_REPLY)).data("{}")),
            http.structured(apiServerStyle(event(NO_REPLY)).data("{}")))) {
      assertThat(response.statusCode()).isEqualTo(202);
      assertThat(response.body()).isEmpty();
      assertThat(ceHeaderNames(response)).isEmpty();
      assertThat(looksLikeCloudEvent(response)).isFalse();
    }
  }

  @Test
  void rejectsAnEventTypeTheFunctionDoesNotAcceptWith400NamingTheAcceptedTypes() {
    HttpResponse<String> response = http.binary(event("io.example.unknown").data("{}"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(ceHeaderNames(response)).isEmpty();
    JsonNode body = errorBody(response);
    assertThat(body.path("code").asInt()).isEqualTo(400);
    assertThat(body.path("message").asText())
        .contains("io.example.unknown")
        .contains("edge-test")
        .contains(REPLY);
  }

  static List<Arguments> malformedEvents() {
    return List.of(
        Arguments.of("binary without Ce-Id", binaryHeaders(event(REPLY).id(null)), "{}"),
        Arguments.of("binary without Ce-Source", binaryHeaders(event(REPLY).source(null)), "{}"),
        Arguments.of("binary without Ce-Type", binaryHeaders(event(null)), "{}"),
        Arguments.of("binary with empty Ce-Id", binaryHeaders(event(REPLY).id("")), "{}"),
        Arguments.of(
            "ce-* headers without Ce-Specversion",
            binaryHeaders(event(REPLY).specVersion(null)),
            "{}"),
        Arguments.of(
            "unsupported Ce-Specversion", binaryHeaders(event(REPLY).specVersion("2.0")), "{}"),
        Arguments.of(
            "plain JSON, not a CloudEvent", Map.of("Content-Type", "application/json"), "{}"),
        Arguments.of("empty request", Map.of(), null),
        Arguments.of("structured, not JSON", structuredHeaders(), "{not json"),
        Arguments.of(
            "structured without id", structuredHeaders(), event(REPLY).id(null).structuredJson()),
        Arguments.of("structured without type", structuredHeaders(), event(null).structuredJson()),
        Arguments.of(
            "structured without specversion",
            structuredHeaders(),
            event(REPLY).specVersion(null).structuredJson()),
        Arguments.of(
            "structured batch",
            Map.of("Content-Type", "application/cloudevents-batch+json"),
            "[" + event(REPLY).structuredJson() + "]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedEvents")
  void rejectsMalformedEventsWith400AndNoCeHeaders(
      String what, Map<String, String> headers, String body) {
    HttpResponse<String> response = http.post(headers, body);

    assertThat(response.statusCode()).as(what).isEqualTo(400);
    assertThat(looksLikeCloudEvent(response)).as(what).isFalse();
    JsonNode error = errorBody(response);
    assertThat(error.path("code").asInt()).isEqualTo(400);
    assertThat(error.path("message").asText()).contains("CloudEvent");
  }

  @Test
  void answers5xxWithTheReasonForATransientFailureSoTheBrokerRetries() {
    HttpResponse<String> response = http.binary(event(TRANSIENT).data("{}"));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(looksLikeCloudEvent(response)).isFalse();
    JsonNode body = errorBody(response);
    assertThat(body.path("code").asInt()).isEqualTo(503);
    assertThat(body.path("message").asText()).isEqualTo("api server down");
  }

  @Test
  void answers4xxForAPermanentFailureSoTheBrokerDoesNotRetry() {
    HttpResponse<String> response = http.structured(event(PERMANENT).data("{}"));

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(looksLikeCloudEvent(response)).isFalse();
    assertThat(errorBody(response).path("message").asText()).isEqualTo("cannot process this");
  }

  @Test
  void answers500WithoutDetailsForAnUnexpectedException() {
    CloudEventsHttp.Event sent = event(BUG).data("{}");

    HttpResponse<String> response = http.binary(sent);

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(looksLikeCloudEvent(response)).isFalse();
    assertThat(errorBody(response).path("message").asText())
        .contains("IllegalStateException")
        .contains(sent.id())
        .doesNotContain("secret detail");
  }

  @Test
  void givesTheSameReplyIdWhenTheSameEventIsRedelivered() {
    String id = UUID.randomUUID().toString();
    CloudEventsHttp.Event sent = event(REPLY).id(id).subject("default/a").data("{}");

    String first = header(http.binary(sent), "Ce-Id").orElseThrow();
    String again = header(http.binary(sent), "Ce-Id").orElseThrow();
    String againStructured = header(http.structured(sent), "Ce-Id").orElseThrow();
    String otherEvent =
        header(http.binary(event(REPLY).subject("default/a").data("{}")), "Ce-Id").orElseThrow();

    assertThat(again).isEqualTo(first);
    assertThat(againStructured).isEqualTo(first);
    assertThat(otherEvent).isNotEqualTo(first);
    assertThat(first).isNotEqualTo(id);
  }

  @Test
  void putsEventIdTypeSubjectAndResourceIntoTheMdcWhileTheFunctionRuns() {
    CloudEventsHttp.Event sent = apiServerStyle(event(REPLY)).subject("default/wf-3").data("{}");

    HttpResponse<String> response = http.binary(sent);

    JsonNode mdc = Json.tree(response.body().getBytes(StandardCharsets.UTF_8), "reply").path("mdc");
    assertThat(mdc.path("ce.id").asText()).isEqualTo(sent.id());
    assertThat(mdc.path("ce.type").asText()).isEqualTo(REPLY);
    assertThat(mdc.path("ce.subject").asText()).isEqualTo("default/wf-3");
    assertThat(mdc.path("resource.namespace").asText()).isEqualTo("default");
    assertThat(mdc.path("resource.name").asText()).isEqualTo("wf-1");
  }

  @Test
  void decodesPercentEncodedAttributesAndPercentEncodesReplyAttributes() {
    CloudEventsHttp.Event sent = event(REPLY).subject("default/a%20b%C3%A9").data("{}");

    HttpResponse<String> response = http.binary(sent);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode seen = Json.tree(response.body().getBytes(StandardCharsets.UTF_8), "reply");
    assertThat(seen.path("subject").asText()).isEqualTo("default/a bé");
    assertThat(header(response, "Ce-Subject")).contains("default/a%20b%C3%A9");
  }

  @Test
  void springCloudFunctionWebIsConfinedToFnAndNeverAnswersAsACloudEvent() {
    Map<String, String> ceHeaders = binaryHeaders(event(NO_REPLY));
    for (String path : List.of("/echo", "/functionRouter", "/x/y")) {
      HttpResponse<String> response = http.post(path, ceHeaders, "{}");
      assertThat(response.statusCode()).as(path).isEqualTo(404);
    }
    for (String path : List.of("/fn/echo", "/fn/functionRouter", "/echo", "/")) {
      HttpResponse<String> response = http.post(path, ceHeaders, "{}");
      assertThat(looksLikeCloudEvent(response)).as(path).isFalse();
      assertThat(response.headers().map().keySet())
          .as(path)
          .noneMatch(name -> name.toLowerCase().startsWith("ce-"));
    }
  }

  /**
   * Acceptance A47: whatever is sent to whichever path, only an intended reply carries {@code ce-*}
   * headers or a CloudEvents content type; everything else (no reply, errors of every kind, other
   * endpoints) could never be mistaken for a reply event by the broker.
   */
  @Test
  void A47_noCloudEventEndpointAnswersWithCeHeadersUnlessReplying() {
    Map<String, HttpResponse<String>> noReply = new LinkedHashMap<>();
    noReply.put("no reply, binary", http.binary(apiServerStyle(event(NO_REPLY)).data("{}")));
    noReply.put("no reply, structured", http.structured(apiServerStyle(event(NO_REPLY))));
    noReply.put("unknown type", http.binary(apiServerStyle(event("x.unknown")).data("{}")));
    noReply.put("malformed", http.post(binaryHeaders(event(REPLY).id(null)), "{}"));
    noReply.put("transient failure", http.binary(apiServerStyle(event(TRANSIENT)).data("{}")));
    noReply.put("permanent failure", http.binary(apiServerStyle(event(PERMANENT)).data("{}")));
    noReply.put("unexpected failure", http.structured(apiServerStyle(event(BUG)).data("{}")));
    Map<String, String> ceHeaders = binaryHeaders(apiServerStyle(event(REPLY)));
    for (String path :
        List.of("/echo", "/fn/echo", "/fn/dummy", "/functionRouter", "/actuator/health")) {
      noReply.put("POST " + path, http.post(path, ceHeaders, "{}"));
    }
    noReply.put("GET /", get("/", ceHeaders));
    noReply.put("GET /actuator/health", get("/actuator/health", ceHeaders));

    noReply.forEach(
        (what, response) -> {
          assertThat(looksLikeCloudEvent(response)).as(what).isFalse();
          assertThat(response.headers().map().keySet())
              .as(what)
              .noneMatch(name -> name.toLowerCase().startsWith("ce-"));
        });
    HttpResponse<String> reply = http.binary(apiServerStyle(event(REPLY)).data("{}"));
    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(looksLikeCloudEvent(reply)).isTrue();
    assertThat(header(reply, "Ce-Type")).contains(REPLIED);
  }

  @Test
  void exposesHealthProbesAndPrometheusButNoOtherActuatorEndpoint() {
    assertThat(get("/actuator/health/liveness", Map.of()).statusCode()).isEqualTo(200);
    assertThat(get("/actuator/health/readiness", Map.of()).statusCode()).isEqualTo(200);
    HttpResponse<String> metrics = get("/actuator/prometheus", Map.of());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    assertThat(get("/actuator/env", Map.of()).statusCode()).isEqualTo(404);
    assertThat(get("/actuator/functions", Map.of()).statusCode()).isEqualTo(404);
  }

  private static CloudEventsHttp.Event apiServerStyle(CloudEventsHttp.Event event) {
    return event
        .source("https://10.96.0.1:443")
        .extension("kind", "Workflow")
        .extension("apiversion", "argoproj.io/v1alpha1")
        .extension("name", "wf-1")
        .extension("namespace", "default")
        .extension("knativearrivaltime", "2026-01-01T00:00:00Z");
  }

  private static Map<String, String> binaryHeaders(CloudEventsHttp.Event event) {
    return event.data("{}").binaryHeaders();
  }

  private static Map<String, String> structuredHeaders() {
    return Map.of("Content-Type", "application/cloudevents+json; charset=UTF-8");
  }

  private static JsonNode errorBody(HttpResponse<String> response) {
    assertThat(header(response, "Content-Type")).contains("application/json");
    return Json.tree(response.body().getBytes(StandardCharsets.UTF_8), "error body");
  }

  private HttpResponse<String> get(String path, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
    headers.forEach(request::header);
    try {
      return HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .build()
          .send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class EdgeTestApplication {
    @Bean
    CloudEventFunction echo() {
      return new EchoFunction();
    }
  }

  /** Answers according to the event type; a reply describes what the function saw. */
  static final class EchoFunction implements CloudEventFunction {
    @Override
    public Set<String> acceptedTypes() {
      return Set.of(REPLY, NO_REPLY, TRANSIENT, PERMANENT, BUG);
    }

    @Override
    public Optional<Reply> apply(InboundEvent event) {
      switch (event.type()) {
        case NO_REPLY:
          return Optional.empty();
        case TRANSIENT:
          throw new AegisException(Reason.API_UNAVAILABLE, "api server down");
        case PERMANENT:
          throw new AegisException(Reason.UNPROCESSABLE, "cannot process this");
        case BUG:
          throw new IllegalStateException("secret detail");
        default:
          Map<String, Object> seen = new LinkedHashMap<>();
          seen.put("id", event.id());
          seen.put("type", event.type());
          seen.put("source", event.source());
          seen.put("subject", event.subject());
          seen.put("dataContentType", event.dataContentType());
          seen.put("extensions", event.extensions());
          seen.put("data", event.data() == null ? null : Json.tree(event.data(), "data"));
          seen.put("mdc", MDC.getCopyOfContextMap());
          return Optional.of(new Reply(REPLIED, event.subject(), seen));
      }
    }
  }
}
