package io.aegis.rendersubmit.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShellContextTest {
  /** The insertion point is the end of each string. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "kubectl cordon ",
        "x='a' ",
        "echo \"a\" ",
        "echo $(printf ",
        "echo \"$(printf ",
        "echo $((1+2)) ",
        "echo 'it'\\''s' ",
        "echo \\\" ",
        "# comment \" ",
        "echo $'a\\'b' ",
        "a=$(x) && b ",
        "echo `date` "
      })
  void wordStartsAreSafe(String before) {
    assertThat(ShellContext.problemAt(before, before.length())).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "echo \"",
        "echo 'a ",
        "echo `x ",
        "echo \"$(x) ",
        "cat <<EOF\n",
        "echo $'a ",
        "echo \"\\\" "
      })
  void quotedAndHeredocContextsAreNot(String before) {
    assertThat(ShellContext.problemAt(before, before.length())).isNotNull();
  }
}
