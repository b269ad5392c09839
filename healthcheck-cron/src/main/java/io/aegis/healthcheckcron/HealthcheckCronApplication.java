package io.aegis.healthcheckcron;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Bootstrap of the healthcheck-cron function. */
@SpringBootApplication
@EnableConfigurationProperties(HealthcheckCronProperties.class)
public class HealthcheckCronApplication {
  public static void main(String[] args) {
    SpringApplication.run(HealthcheckCronApplication.class, args);
  }
}
