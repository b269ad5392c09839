package io.aegis.parsealert;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Bootstrap of the parse-alert function. */
@SpringBootApplication
@EnableConfigurationProperties(ParseAlertProperties.class)
public class ParseAlertApplication {
  public static void main(String[] args) {
    SpringApplication.run(ParseAlertApplication.class, args);
  }

  // TEMPORARY until the kernel edge provides the Clock bean.
  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }
}
