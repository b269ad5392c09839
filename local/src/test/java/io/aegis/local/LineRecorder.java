package io.aegis.local;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects what the runner prints, line by line (and echoes it, for the test log). */
final class LineRecorder extends OutputStream {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream current = new ByteArrayOutputStream();

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      String line = current.toString(StandardCharsets.UTF_8);
      lines.add(line);
      System.out.println(line);
      current.reset();
    } else {
      current.write(b);
    }
  }

  PrintStream printStream() {
    return new PrintStream(this, true, StandardCharsets.UTF_8);
  }

  /** The lines printed so far that contain {@code text}. */
  List<String> containing(String text) {
    return lines.stream().filter(l -> l.contains(text)).toList();
  }
}
