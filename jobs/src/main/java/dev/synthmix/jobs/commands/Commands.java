package dev.synthmix.jobs.commands;

import dev.synthmix.jobs.Command;
import dev.synthmix.pipeline.SynthmixException;
import java.util.List;
import java.util.stream.Collectors;

/** The command words of the jar. */
public final class Commands {

  private Commands() {}

  static List<Command> all() {
    return List.of(new DemoCommand(), new IngestRealCommand(), new IngestSyntheticCommand(), new DedupCommand(), new ContaminationCommand(), new AuditCommand(), new NightlyCommand(),
        new ReportCommand(),
        new MaintainCommand(),
        new SqlCommand(),
        new ShellCommand(),
        new HistoryCommand());
  }

  public static Command find(String name) {
    return all().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> SynthmixException.usage("Cannot run '" + name + "': unknown command.\n" + usage()));
  }

  public static String usage() {
    return "usage: synthmix [-Dkey=value ...] <command> [args]\ncommands:\n"
        + all().stream().map(c -> String.format("  %-18s %s", c.name(), c.usage())).collect(Collectors.joining("\n"));
  }
}
