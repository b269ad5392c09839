package io.aegis.parsealert;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Bootstrap of the parse-alert function. */
@SpringBootApplication
@EnableConfigurationProperties(ParseAlertProperties.class)
public class ParseAlertApplication {
  public static void main(String[] args) {
    SpringApplication.run(ParseAlertApplication.class, args);
  }
}
