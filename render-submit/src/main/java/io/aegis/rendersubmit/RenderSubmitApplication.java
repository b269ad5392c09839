package io.aegis.rendersubmit;

import io.aegis.kernel.kube.StatusWriter;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Bootstrap of the render-submit function. */
@SpringBootApplication
@EnableConfigurationProperties(RenderSubmitProperties.class)
public class RenderSubmitApplication {
  public static void main(String[] args) {
    SpringApplication.run(RenderSubmitApplication.class, args);
  }

  @Bean
  @ConditionalOnMissingBean
  StatusWriter statusWriter(KubernetesClient client, Clock clock) {
    return new StatusWriter(client, clock);
  }
}
