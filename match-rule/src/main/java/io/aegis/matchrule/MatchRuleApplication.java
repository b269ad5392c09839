package io.aegis.matchrule;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Bootstrap of the match-rule function. */
@SpringBootApplication
public class MatchRuleApplication {
  public static void main(String[] args) {
    SpringApplication.run(MatchRuleApplication.class, args);
  }
}
