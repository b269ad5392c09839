package io.aegis.matchrule;

import io.aegis.kernel.kube.StatusWriter;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Bootstrap of the match-rule function and the wiring of its few collaborators. The kernel
 * auto-configuration supplies the KubernetesClient, the StatusWriter, the Clock and the CloudEvent
 * edge at POST /.
 */
@SpringBootApplication
@EnableConfigurationProperties(MatchRuleProperties.class)
public class MatchRuleApplication {
  public static void main(String[] args) {
    SpringApplication.run(MatchRuleApplication.class, args);
  }

  @Bean
  RuleValidation ruleValidation(KubernetesClient client, StatusWriter status) {
    return new RuleValidation(client, status);
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
      StatusWriter status,
      MatchRuleProperties properties) {
    return new MatchRuleFunction(client, rules, validation, status, properties);
  }
}
