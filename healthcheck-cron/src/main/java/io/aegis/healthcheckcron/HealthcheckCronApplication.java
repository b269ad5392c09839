package io.aegis.healthcheckcron;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Bootstrap of the healthcheck-cron function. */
@SpringBootApplication
public class HealthcheckCronApplication {
  public static void main(String[] args) {
    SpringApplication.run(HealthcheckCronApplication.class, args);
  }
}
