package io.aegis.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegis.local.FakeSubscriber.Answer;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.BrokerBuilder;
import io.fabric8.knative.eventing.v1.SubscriptionsAPIFilterBuilder;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1.TriggerBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local broker over real HTTP: ingress, Trigger routing, Knative delivery and replies. */
class LocalBrokerIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private FakeSubscriber subscriber;
  private LocalBroker broker;

  @BeforeEach
  void start() throws Exception {
    subscriber = new FakeSubscriber();
    Broker defaultBroker =
        new BrokerBuilder()
            .withNewMetadata()
            .withName("default")
            .withNamespace("aegis")
            .endMetadata()
            .withNewSpec()
            .withNewDelivery()
            .withRetry(3)
            .withBackoffPolicy("linear")
            .withBackoffDelay("PT0.05S")
            .endDelivery()
            .endSpec()
            .build();
    broker =
        new LocalBroker(
            0,
            List.of(defaultBroker),
            List.of(
                trigger("in-to-a", "io.test.in", "/a"),
                trigger("out-to-b", "io.test.out", "/b"),
                trigger("flaky-to-c", "io.test.flaky", "/c"),
                trigger("poison-to-d", "io.test.poison", "/d"),
                trigger("chatty-to-e", "io.test.chatty", "/e")),
            d -> Optional.ofNullable(d.getUri()).map(URI::create));
  }

  @AfterEach
  void stop() {
    broker.close();
    subscriber.close();
  }

  private Trigger trigger(String name, String type, String path) {
    return new TriggerBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("aegis")
        .endMetadata()
        .withNewSpec()
        .withBroker("default")
        .withFilters(new SubscriptionsAPIFilterBuilder().withExact(Map.of("type", type)).build())
        .withNewSubscriber()
        .withUri(subscriber.url(path).toString())
        .endSubscriber()
        .endSpec()
        .build();
  }

  private HttpResponse<String> postBinary(String type) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(broker.url("aegis", "default"))
            .header("ce-specversion", "1.0")
            .header("ce-id", "id-" + type)
            .header("ce-source", "/test")
            .header("ce-type", type)
            .header("ce-subject", "monitoring/x")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void structuredEventIsDeliveredInBinaryModeAndTheReplyIsRoutedOnce() throws Exception {
    subscriber.answer(
        "/a",
        n ->
            new Answer(
                200,
                Map.of(
                    "ce-specversion", "1.0",
                    "ce-id", "reply-1",
                    "ce-source", "/aegis/a",
                    "ce-type", "io.test.out",
                    "Content-Type", "application/json"),
                "{\"reply\":true}"));
    HttpResponse<String> accepted =
        HTTP.send(
            HttpRequest.newBuilder(broker.url("aegis", "default"))
                .header("Content-Type", "application/cloudevents+json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"/test\",\"type\":\"io.test.in\","
                            + "\"subject\":\"monitoring/x\",\"datacontenttype\":\"application/json\","
                            + "\"kind\":\"Thing\",\"data\":{\"n\":1}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(accepted.statusCode()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.requests("/b").size() == 1);
    FakeSubscriber.Request delivered = subscriber.requests("/a").get(0);
    assertThat(delivered.header("ce-id")).isEqualTo("e1");
    assertThat(delivered.header("ce-type")).isEqualTo("io.test.in");
    assertThat(delivered.header("ce-specversion")).isEqualTo("1.0");
    assertThat(delivered.header("ce-subject")).isEqualTo("monitoring/x");
    assertThat(delivered.header("ce-kind")).isEqualTo("Thing");
    assertThat(delivered.header("ce-knativearrivaltime")).isNotBlank();
    assertThat(delivered.header("prefer")).isEqualTo("reply");
    assertThat(delivered.header("content-type")).startsWith("application/json");
    assertThat(delivered.body()).isEqualTo("{\"n\":1}");
    FakeSubscriber.Request reply = subscriber.requests("/b").get(0);
    assertThat(reply.header("ce-id")).isEqualTo("reply-1");
    assertThat(reply.body()).isEqualTo("{\"reply\":true}");
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(3))
        .until(
            () -> subscriber.requests("/b").size() == 1 && subscriber.requests("/a").size() == 1);
  }

  @Test
  void ingressRefusesWhatIsNotACloudEventAndUnknownBrokers() throws Exception {
    HttpResponse<String> plain =
        HTTP.send(
            HttpRequest.newBuilder(broker.url("aegis", "default"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"NodeDown\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(plain.statusCode()).isEqualTo(400);
    HttpResponse<String> elsewhere =
        HTTP.send(
            HttpRequest.newBuilder(broker.url("aegis", "other"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(elsewhere.statusCode()).isEqualTo(404);
  }

  @Test
  void retryableAnswersAreRetriedUntilDelivered() throws Exception {
    subscriber.answer("/c", n -> Answer.status(n == 1 ? 503 : n == 2 ? 429 : 202));
    assertThat(postBinary("io.test.flaky").statusCode()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.requests("/c").size() == 3);
    assertThat(broker.deadLetters()).isEmpty();
  }

  @Test
  void aPoisonAnswerGoesToTheDeadLetterWithoutRetry() throws Exception {
    subscriber.answer("/d", n -> new Answer(400, Map.of(), "bad event"));
    postBinary("io.test.poison");
    await().atMost(Duration.ofSeconds(10)).until(() -> broker.deadLetters().size() == 1);
    assertThat(subscriber.requests("/d")).hasSize(1);
    assertThat(broker.deadLetters().get(0).reason()).contains("HTTP 400").contains("bad event");
    assertThat(broker.deadLetters().get(0).trigger()).isEqualTo("aegis/poison-to-d");
  }

  @Test
  void aNonCloudEventBodyIsAFailureAndRetried() throws Exception {
    subscriber.answer("/e", n -> n == 1 ? new Answer(200, Map.of(), "hello") : Answer.status(202));
    postBinary("io.test.chatty");
    await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.requests("/e").size() == 2);
    assertThat(broker.deadLetters()).isEmpty();
  }

  @Test
  void retriesEndInTheDeadLetter() throws Exception {
    subscriber.answer("/c", n -> Answer.status(500));
    postBinary("io.test.flaky");
    await().atMost(Duration.ofSeconds(10)).until(() -> broker.deadLetters().size() == 1);
    assertThat(subscriber.requests("/c")).hasSize(4);
    assertThat(broker.deadLetters().get(0).attempts()).isEqualTo(4);
  }

  @Test
  void dropOnceLosesExactlyOneMatchingEvent() throws Exception {
    broker.dropOnce(e -> e.getType().equals("io.test.flaky"));
    broker.publish(
        "aegis/default",
        CloudEventBuilder.v1()
            .withId("1")
            .withSource(URI.create("/t"))
            .withType("io.test.flaky")
            .build());
    broker.publish(
        "aegis/default",
        CloudEventBuilder.v1()
            .withId("2")
            .withSource(URI.create("/t"))
            .withType("io.test.flaky")
            .build());
    await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.requests("/c").size() == 1);
    assertThat(subscriber.requests("/c").get(0).header("ce-id")).isEqualTo("2");
  }
}
