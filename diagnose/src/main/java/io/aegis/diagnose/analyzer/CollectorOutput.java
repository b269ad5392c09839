package io.aegis.diagnose.analyzer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the output of the node collector pod (the Go original's format): a line {@code [name]}
 * starts a section, lines starting with {@code - } are its content, anything else is ignored. Each
 * section becomes one info, {@code [name]\n- line\n- line}.
 */
public final class CollectorOutput {
  private static final Pattern SECTION = Pattern.compile("^\\[([^\\]]+)\\]\\s*$");

  private CollectorOutput() {}

  public static List<String> sections(String output) {
    List<String> sections = new ArrayList<>();
    if (output == null) {
      return sections;
    }
    StringBuilder current = null;
    for (String raw : output.split("\r?\n")) {
      String line = raw.stripTrailing();
      Matcher m = SECTION.matcher(line.strip());
      if (m.matches()) {
        if (current != null) {
          sections.add(current.toString());
        }
        current = new StringBuilder("[").append(m.group(1).strip()).append(']');
      } else if (current != null && line.startsWith("- ")) {
        current.append('\n').append(line);
      }
    }
    if (current != null) {
      sections.add(current.toString());
    }
    return sections;
  }
}
