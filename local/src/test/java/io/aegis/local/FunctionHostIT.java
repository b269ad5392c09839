package io.aegis.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aegis.local.testapp.EchoApplication;
import io.aegis.matchrule.MatchRuleApplication;
import io.aegis.parsealert.ParseAlertApplication;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Functions in one JVM, each with its own configuration, as on Knative. */
class FunctionHostIT {
  @Test
  void eachFunctionGetsItsOwnFileTheServiceEnvironmentAndTheRunnersSettings() throws Exception {
    Config kube = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:1/").build();
    try (FunctionHost host = new FunctionHost()) {
      FunctionHost.Running echo =
          host.start(
              "echo",
              EchoApplication.class,
              0,
              kube,
              Map.of("AEGIS_ALERT_NAMESPACE", "from-knative-service"),
              Map.of(
                  "aegis.sink.url",
                  "http://localhost:9/aegis/default",
                  "echo.overridden",
                  "from-runner"));
      assertThat(host.running()).containsKey("echo");
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(echo.url().resolve("/echo")).build(),
                  HttpResponse.BodyHandlers.ofString());
      JsonNode seen = new ObjectMapper().readTree(response.body());

      assertThat(seen.path("spring.application.name").asText())
          .as("its own file, not parse-alert's")
          .isEqualTo("echo");
      assertThat(seen.path("echo.module").asText()).isEqualTo("from-module");
      assertThat(seen.path("echo.overridden").asText()).isEqualTo("from-runner");
      assertThat(seen.path("aegis.alert-namespace").asText()).isEqualTo("from-knative-service");
      assertThat(seen.path("aegis.sink.url").asText())
          .isEqualTo("http://localhost:9/aegis/default");
      assertThat(seen.path("management.endpoints.web.exposure.include").asText())
          .as("the module's file wins over the kernel defaults")
          .isEqualTo("health");
      assertThat(seen.path("spring.cloud.function.web.path").asText())
          .as("kernel default")
          .isEqualTo("/fn");
      assertThat(seen.path("master").asText()).isEqualTo("http://127.0.0.1:1/");
      assertThat(echo.url().getPort()).isPositive();
    }
  }

  @Test
  void theSixModulesPropertiesAreToldApartByCodeSource() {
    assertThat(
            FunctionHost.moduleProperties(ParseAlertApplication.class)
                .getProperty("spring.application.name"))
        .isEqualTo("parse-alert");
    assertThat(
            FunctionHost.moduleProperties(MatchRuleApplication.class)
                .getProperty("spring.application.name"))
        .isEqualTo("match-rule");
    assertThat(
            FunctionHost.moduleProperties(EchoApplication.class)
                .getProperty("spring.application.name"))
        .isEqualTo("echo");
  }
}
