package io.ha4j.agents.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a parameter value into an argument list, for parameters that name a command with its
 * arguments in one string (e.g. {@code start_command="/usr/sbin/apachectl -k start"}).
 *
 * <p>This is a tokenizer, not a shell: words are separated by spaces or tabs; {@code '...'} keeps its
 * content literally; {@code "..."} keeps its content with {@code \"} and {@code \\} escapes; outside
 * quotes a backslash escapes the next character. Nothing else is special: {@code ; | & $ ` * ? < >}
 * and {@code $(...)} are ordinary characters of a word, and no program sees them other than as part
 * of an argument. Control characters (newlines included) are refused.
 */
public final class CommandLine {

  private CommandLine() {}

  /**
   * The words of {@code text}.
   *
   * @throws IllegalArgumentException on an unterminated quote, a trailing backslash or a control character
   */
  public static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c != '\t' && Character.isISOControl(c)) {
        throw new IllegalArgumentException("control character \\x" + String.format("%02x", (int) c)
            + " at position " + i);
      }
      if (c == ' ' || c == '\t') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        i++;
      } else if (c == '\'') {
        int end = text.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated ' quote at position " + i);
        }
        word.append(text, i + 1, end);
        inWord = true;
        i = end + 1;
      } else if (c == '"') {
        i++;
        boolean closed = false;
        while (i < n) {
          char d = text.charAt(i);
          if (d == '"') {
            closed = true;
            i++;
            break;
          }
          if (d == '\\' && i + 1 < n && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) {
            word.append(text.charAt(i + 1));
            i += 2;
          } else {
            word.append(d);
            i++;
          }
        }
        if (!closed) {
          throw new IllegalArgumentException("unterminated \" quote");
        }
        inWord = true;
      } else if (c == '\\') {
        if (i + 1 >= n) {
          throw new IllegalArgumentException("trailing backslash");
        }
        word.append(text.charAt(i + 1));
        inWord = true;
        i += 2;
      } else {
        word.append(c);
        inWord = true;
        i++;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
