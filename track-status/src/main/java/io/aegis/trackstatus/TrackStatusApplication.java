package io.aegis.trackstatus;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Bootstrap of the track-status function. */
@SpringBootApplication
@EnableConfigurationProperties(TrackStatusProperties.class)
public class TrackStatusApplication {
  public static void main(String[] args) {
    SpringApplication.run(TrackStatusApplication.class, args);
  }

  @Bean
  StatusWrites statusWrites(KubernetesClient client) {
    return new StatusWrites(client);
  }

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }
}
