package io.aegis.parsealert;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AlertSource;
import io.aegis.kernel.testing.FakeOpenAiServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@code /ai/alert} against a fake OpenAI-compatible server, real langchain4j client (A18). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestWiring.MockKube.class)
class AiAlertHttpTest extends TestWiring {
  static final FakeOpenAiServer LLM = FakeOpenAiServer.start();

  @DynamicPropertySource
  static void ai(DynamicPropertyRegistry registry) {
    registry.add("aegis.ai.base-url", LLM::baseUrl);
    registry.add("aegis.ai.api-key", () -> FakeOpenAiServer.API_KEY);
    registry.add("aegis.ai.max-retries", () -> "0");
  }

  @AfterAll
  static void stopLlm() {
    LLM.close();
  }

  @Test
  void A18_fencedJsonAnswerBecomesOneAlertWithSourceAi() {
    LLM.enqueue("```json\n" + TestAlerts.readme() + "\n```");

    var response =
        webhook.post(
            "/ai/alert",
            "node dev1 has an emergency event since 2022021122, password=hunter2hunter2");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualToIgnoringWhitespace("{\"code\":200,\"message\":\"\"}");
    assertThat(alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getSpec().source).isEqualTo(AlertSource.AI);
              assertThat(a.getMetadata().getName()).startsWith("ai-nodehasemergencyevent-");
              assertThat(a.getSpec().involvedObject.name).isEqualTo("dev1");
            });
    assertThat(LLM.lastRequest().userMessage())
        .contains("node dev1 has an emergency event")
        .doesNotContain("hunter2hunter2");
    assertThat(published()).hasSize(1);
  }

  @Test
  void A18_anArrayOfTwoBecomesTwoAlerts() {
    LLM.enqueue(
        "[" + TestAlerts.alert("GpuXid").json() + "," + TestAlerts.alert("DiskFull").json() + "]");

    var response = webhook.post("/ai/alert", "two things happened on dev1");

    assertThat(response.status()).isEqualTo(200);
    List<AegisAlert> alerts = alerts();
    assertThat(alerts)
        .extracting(a -> a.getSpec().type)
        .containsExactlyInAnyOrder("GpuXid", "DiskFull");
    assertThat(alerts).allSatisfy(a -> assertThat(a.getSpec().source).isEqualTo(AlertSource.AI));
  }

  @Test
  void A18_proseIs422AndCreatesNothing() {
    LLM.enqueue("Sorry, I cannot find any alert in this message.");

    var response = webhook.post("/ai/alert", "hello");

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.code()).isEqualTo(2001);
    assertThat(response.message()).contains("no JSON");
    assertThat(alerts()).isEmpty();
  }

  @Test
  void A18_anInvalidAlertInTheAnswerIs422NamingTheField() {
    LLM.enqueue(
        "{\"type\": \"X\", \"status\": \"Firing\", \"involvedObject\": {\"kind\": \"Pod\", \"name\": \"p\"}}");

    var response = webhook.post("/ai/alert", "pod p crashed");

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.message()).contains("involvedObject.namespace");
    assertThat(alerts()).isEmpty();
  }

  @Test
  void anLlmServerErrorIs503() {
    LLM.enqueueError(500, "overloaded");

    var response = webhook.post("/ai/alert", "node dev1 is down");

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.code()).isEqualTo(2002);
    assertThat(alerts()).isEmpty();
  }
}
