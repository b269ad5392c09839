package io.aegis.parsealert;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Bootstrap of the parse-alert function. */
@SpringBootApplication
public class ParseAlertApplication {
  public static void main(String[] args) {
    SpringApplication.run(ParseAlertApplication.class, args);
  }
}
