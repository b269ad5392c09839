package io.aegis.parsealert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** Bearer token and a small body limit (acceptance A12). */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"aegis.webhook.token=s3cret", "aegis.webhook.max-body-size=2KB"})
@Import(TestWiring.MockKube.class)
class WebhookSecurityHttpTest extends TestWiring {

  @Test
  void A12_withoutTheBearerTokenIs401AndCreatesNothing() {
    var missing = webhook.post("/default/alert", TestAlerts.readme());
    var wrong = webhook.post("/alertmanager/alert", TestAlerts.readme(), "Bearer nope");

    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.code()).isEqualTo(2001);
    assertThat(missing.message()).contains("missing bearer token");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(alertCount()).isZero();
  }

  @Test
  void A12_withTheBearerTokenTheAlertIsRecorded() {
    var response = webhook.post("/default/alert", TestAlerts.readme(), "Bearer s3cret");

    assertThat(response.status()).isEqualTo(200);
    assertThat(alertCount()).isEqualTo(1);
  }

  @Test
  void A12_bodyOverTheConfiguredLimitIs413() {
    String big = TestAlerts.alert("Big").detail("blob", "x".repeat(3000)).json();

    var response = webhook.post("/default/alert", big, "Bearer s3cret");

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.message()).contains("aegis.webhook.max-body-size");
    assertThat(alertCount()).isZero();
  }

  private int alertCount() {
    return alerts().size();
  }
}
