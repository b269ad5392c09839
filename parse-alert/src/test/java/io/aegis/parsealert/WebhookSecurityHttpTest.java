package io.aegis.parsealert;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.crd.AegisAlert;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/** Bearer token and a small body limit (acceptance A12). */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"aegis.webhook.token=s3cret", "aegis.webhook.max-body-size=2KB"})
@Import(TestWiring.class)
class WebhookSecurityHttpTest {
  @LocalServerPort int port;
  @Autowired KubernetesClient kube;

  private WebhookClient webhook;

  @BeforeEach
  void setUp() {
    webhook = new WebhookClient(port);
  }

  @AfterEach
  void cleanUp() {
    kube.resources(AegisAlert.class).inNamespace("monitoring").delete();
  }

  @Test
  void A12_withoutTheBearerTokenIs401AndCreatesNothing() {
    var missing = webhook.post("/default/alert", TestAlerts.readme());
    var wrong = webhook.post("/alertmanager/alert", TestAlerts.readme(), "Bearer nope");

    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.code()).isEqualTo(2001);
    assertThat(missing.message()).contains("missing bearer token");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(alerts()).isZero();
  }

  @Test
  void A12_withTheBearerTokenTheAlertIsRecorded() {
    var response = webhook.post("/default/alert", TestAlerts.readme(), "Bearer s3cret");

    assertThat(response.status()).isEqualTo(200);
    assertThat(alerts()).isEqualTo(1);
  }

  @Test
  void A12_bodyOverTheConfiguredLimitIs413() {
    String big = TestAlerts.alert("Big").detail("blob", "x".repeat(3000)).json();

    var response = webhook.post("/default/alert", big, "Bearer s3cret");

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.message()).contains("aegis.webhook.max-body-size");
    assertThat(alerts()).isZero();
  }

  private int alerts() {
    return kube.resources(AegisAlert.class).inNamespace("monitoring").list().getItems().size();
  }
}
