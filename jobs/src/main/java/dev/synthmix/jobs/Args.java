package dev.synthmix.jobs;

import dev.synthmix.pipeline.SynthmixException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A command's arguments: {@code --name value} options (repeatable) and positional words. */
public final class Args {

  private final String command;
  private final Map<String, List<String>> options;
  private final List<String> positional;

  private Args(String command, Map<String, List<String>> options, List<String> positional) {
    this.command = command;
    this.options = options;
    this.positional = positional;
  }

  /** Parses {@code args}; an option not in {@code known} is a usage error (exit 2). */
  public static Args parse(String command, List<String> args, Set<String> known) {
    Map<String, List<String>> options = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.startsWith("--")) {
        String name = a.substring(2);
        String value = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        if (!known.contains(name)) {
          throw SynthmixException.usage(
              "Cannot run " + command + ": unknown option --" + name + " (known: " + (known.isEmpty() ? "none" : "--" + String.join(", --", known)) + ")");
        }
        if (value == null) {
          if (i + 1 >= args.size()) {
            throw SynthmixException.usage("Cannot run " + command + ": option --" + name + " needs a value");
          }
          value = args.get(++i);
        }
        options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      } else {
        positional.add(a);
      }
    }
    return new Args(command, options, positional);
  }

  public List<String> all(String name) {
    return options.getOrDefault(name, List.of());
  }

  /** The option's single value, or null. Given twice is a usage error. */
  public String one(String name) {
    List<String> v = all(name);
    if (v.size() > 1) {
      throw SynthmixException.usage("Cannot run " + command + ": --" + name + " is given " + v.size() + " times");
    }
    return v.isEmpty() ? null : v.get(0);
  }

  public List<String> positional() {
    return positional;
  }

  public void noPositional() {
    if (!positional.isEmpty()) {
      throw SynthmixException.usage("Cannot run " + command + ": unexpected argument '" + positional.get(0) + "'");
    }
  }
}
