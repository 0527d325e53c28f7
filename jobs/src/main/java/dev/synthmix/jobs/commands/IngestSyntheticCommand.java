package dev.synthmix.jobs.commands;

import com.typesafe.config.Config;
import dev.synthmix.jobs.Args;
import dev.synthmix.jobs.Command;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.ingest.IngestSettings;
import dev.synthmix.pipeline.config.SyntheticSettings;
import dev.synthmix.pipeline.ingest.IngestResult;
import dev.synthmix.pipeline.ingest.SyntheticIngest;
import dev.synthmix.pipeline.lineage.Manifest;
import dev.synthmix.pipeline.lineage.ManifestReader;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.run.Stage;
import dev.synthmix.pipeline.store.DeltaStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code ingest-synthetic --manifest <file> [--input <path> ...] [--format f]}: one augmentation set
 * and its lineage manifest → docs_synthetic. Without --manifest: the sets in synthmix.synthetic.sets.
 */
final class IngestSyntheticCommand implements Command {

  @Override
  public String name() {
    return "ingest-synthetic";
  }

  @Override
  public String usage() {
    return "--manifest <file> [--input <path> ...] [--format f]  a set with its lineage -> docs_synthetic"
        + " (without --manifest: synthmix.synthetic.sets)";
  }

  @Override
  public Prepared prepare(List<String> argList, Config config) {
    Args args = Args.parse(name(), argList, Set.of("input", "manifest", "format"));
    args.noPositional();
    IngestSettings ingest = IngestSettings.from(config);
    SyntheticSettings synthetic = SyntheticSettings.from(config);
    List<String> manifests = new ArrayList<>();
    String manifest = args.one("manifest");
    if (manifest != null) {
      manifests.add(manifest);
    } else if (!args.all("input").isEmpty()) {
      throw SynthmixException.refused("Cannot ingest " + args.all("input")
          + ": a synthetic set needs its lineage manifest (--manifest <file>); a set without lineage is refused."
          + " Nothing was written.");
    } else if (synthetic.manifests().isEmpty()) {
      throw SynthmixException.usage("Cannot run ingest-synthetic: give --manifest <file>, or list sets under " + SyntheticSettings.SETS);
    } else {
      manifests.addAll(synthetic.manifests());
    }
    return Prepared.writing((store, ledger) -> {
      var hadoop = store.spark().sparkContext().hadoopConfiguration();
      // Every manifest is read and checked before any set is written.
      List<Manifest> read = new ArrayList<>();
      for (String m : manifests) {
        read.add(ManifestReader.read(m, hadoop, synthetic.allowOutsidePaths()));
      }
      StringBuilder summary = new StringBuilder();
      for (Manifest m : read) {
        IngestResult r = Stage.run(store.spark().sparkContext(), ledger, "ingest-synthetic", "ingest set " + m.setId(),
            () -> SyntheticIngest.run(store, ingest, m, args.all("input"), args.one("format"), ledger),
            IngestResult::read, IngestResult::written);
        summary.append(summary.length() > 0 ? "; " : "").append("set ").append(m.setId()).append(" (")
            .append(m.generatorName()).append(", depth ").append(m.depth()).append("): ")
            .append(IngestRealCommand.summary(r));
      }
      return summary.toString();
    });
  }
}
