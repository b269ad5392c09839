package io.aegis.matchrule;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Bootstrap of the match-rule function and the wiring of its few collaborators. The kernel
 * auto-configuration supplies the KubernetesClient, the Clock and the CloudEvent edge at POST /.
 */
@SpringBootApplication
@EnableConfigurationProperties(MatchRuleProperties.class)
public class MatchRuleApplication {
  public static void main(String[] args) {
    SpringApplication.run(MatchRuleApplication.class, args);
  }

  @Bean
  StatusWriterInterim statusWriterInterim(KubernetesClient client) {
    return new StatusWriterInterim(client);
  }

  @Bean
  RuleValidation ruleValidation(KubernetesClient client, StatusWriterInterim status, Clock clock) {
    return new RuleValidation(client, status, clock);
  }

  @Bean
  RuleCache ruleCache(
      KubernetesClient client, MatchRuleProperties properties, RuleValidation validation) {
    return new RuleCache(client, properties, validation);
  }

  @Bean
  MatchRuleFunction matchRule(
      KubernetesClient client,
      RuleCache rules,
      RuleValidation validation,
      StatusWriterInterim status,
      Clock clock,
      MatchRuleProperties properties) {
    return new MatchRuleFunction(client, rules, validation, status, clock, properties);
  }
}
