import dev.synthmix.pipeline.text.LanguageId;
import dev.synthmix.pipeline.text.Shingles;
import dev.synthmix.pipeline.text.Tokenizer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * The per-document text kernels of the audit on the embedded SOTU passages (English), one thread:
 * word 5-gram shingles and word hashes with the {@code words} tokenizer (the baseline: the rule
 * before tokenizers were pluggable) and with {@code icu} (the default), alternated round by round so
 * both see the same machine; then language identification at ingest. Run by scripts/bench-text.sh.
 */
public class TextKernelBench {
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    List<String> texts = new ArrayList<>();
    try (InputStream in = TextKernelBench.class.getResourceAsStream("/corpus/sotu.jsonl.bz2");
        BufferedReader r = new BufferedReader(new InputStreamReader(new BZip2CompressorInputStream(in),
            StandardCharsets.UTF_8))) {
      var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
      for (String line; (line = r.readLine()) != null; ) {
        texts.add(mapper.readTree(line).get("text").asText());
      }
    }
    long bytes = texts.stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum();
    System.out.printf(Locale.ROOT, "corpus: %d documents, %.1f MB%n", texts.size(), bytes / 1e6);
    double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
    long sink = 0;
    // One unmeasured round of each first, so neither is timed while the JIT still compiles.
    for (Tokenizer t : Tokenizer.values()) {
      for (String s : texts) {
        sink += Shingles.of(s, 5, Shingles.Kind.WORD, t).length + t.wordHashes(s).length;
      }
    }
    for (int round = 0; round < rounds; round++) {
      Tokenizer[] order = round % 2 == 0
          ? new Tokenizer[] {Tokenizer.WORDS, Tokenizer.ICU} : new Tokenizer[] {Tokenizer.ICU, Tokenizer.WORDS};
      for (Tokenizer t : order) {
        int k = t == Tokenizer.WORDS ? 0 : 2;
        long t0 = System.nanoTime();
        for (String s : texts) {
          sink += Shingles.of(s, 5, Shingles.Kind.WORD, t).length;
        }
        long t1 = System.nanoTime();
        for (String s : texts) {
          sink += t.wordHashes(s).length;
        }
        long t2 = System.nanoTime();
        best[k] = Math.min(best[k], (t1 - t0) / 1e9);
        best[k + 1] = Math.min(best[k + 1], (t2 - t1) / 1e9);
      }
    }
    int n = texts.size();
    System.out.printf(Locale.ROOT, "%-24s %12s %12s %8s%n", "kernel (best of " + rounds + ")", "words doc/s", "icu doc/s",
        "icu/words time");
    System.out.printf(Locale.ROOT, "%-24s %12.0f %12.0f %8.3f%n", "word 5-gram shingles", n / best[0], n / best[2],
        best[2] / best[0]);
    System.out.printf(Locale.ROOT, "%-24s %12.0f %12.0f %8.3f%n", "word hashes (diversity)", n / best[1], n / best[3],
        best[3] / best[1]);
    LanguageId id = new LanguageId(new LanguageId.Settings(true, 500, 20), LanguageId.Model.bundled());
    double lid = Double.MAX_VALUE;
    for (int round = 0; round < Math.max(2, rounds / 2); round++) {
      long t0 = System.nanoTime();
      for (String s : texts) {
        sink += id.detect(s).length();
      }
      lid = Math.min(lid, (System.nanoTime() - t0) / 1e9);
    }
    System.out.printf(Locale.ROOT, "language id (500 chars)  %12.0f doc/s%n", n / lid);
    System.out.println("(checksum " + sink + ")");
  }
}
