package io.aegis.bench;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table, printed to the console and written into the results. */
public final class Table {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String... header) {
    this.header = List.of(header);
  }

  public Table row(Object... cells) {
    List<String> row = new ArrayList<>();
    for (Object c : cells) {
      row.add(String.valueOf(c));
    }
    rows.add(row);
    return this;
  }

  public String markdown() {
    int[] width = new int[header.size()];
    for (int i = 0; i < header.size(); i++) {
      width[i] = Math.max(3, header.get(i).length());
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], i < r.size() ? r.get(i).length() : 0);
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, width);
    out.append('|');
    for (int w : width) {
      out.append('-').append("-".repeat(w)).append("-|");
    }
    out.append('\n');
    for (List<String> r : rows) {
      line(out, r, width);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] width) {
    out.append('|');
    for (int i = 0; i < width.length; i++) {
      String c = i < cells.size() ? cells.get(i) : "";
      out.append(' ').append(c).append(" ".repeat(width[i] - c.length())).append(" |");
    }
    out.append('\n');
  }
}
