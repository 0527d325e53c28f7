import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The evaluation set of scripts/bench-contamination.sh, made from the inputs of a
 * scripts/bench-audit.sh mix: {@code --planted} items are spans of 20–40 words cut from evenly
 * spaced documents of the mix (half of them re-wrapped: line breaks, capitals and punctuation
 * added, the same words once normalised), the rest are 20–40 words drawn at random from the mix's
 * vocabulary, found in no document. Not part of the jar: run with Java's source launcher on the
 * launcher's classpath (Jackson comes with Spark).
 *
 * <p>Usage: {@code java -cp <classpath> scripts/BenchContaminationItems.java --inputs <dir> --items N
 * --planted P --seed S --out <dir>}; writes {@code items.jsonl} (id, text) and {@code truth.tsv}
 * (item id, input id of the document it was cut from, verbatim|rewrapped).
 */
public final class BenchContaminationItems {

  public static void main(String[] args) throws IOException {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    Path inputs = Path.of(a.get("inputs"));
    long items = Long.parseLong(a.get("items"));
    long planted = Long.parseLong(a.get("planted"));
    SplittableRandom random = new SplittableRandom(Long.parseLong(a.getOrDefault("seed", "7")));
    Path out = Files.createDirectories(Path.of(a.get("out")));
    if (planted > items) {
      throw new IllegalArgumentException("--planted " + planted + " is more than --items " + items);
    }
    List<Path> files = new ArrayList<>();
    files.add(inputs.resolve("real/data.jsonl"));
    try (Stream<Path> sets = Files.list(inputs.resolve("sets"))) {
      sets.sorted().forEach(p -> files.add(p.resolve("data.jsonl")));
    }
    long total = 0;
    for (String line : Files.readAllLines(inputs.resolve("stats.tsv"))) {
      String[] f = line.split("\t");
      if (f.length >= 2 && f[1].matches("\\d+")) {
        total += Long.parseLong(f[1]);
      }
    }
    long every = Math.max(1, total / Math.max(1, planted));
    ObjectMapper json = new ObjectMapper();
    List<String> vocabulary = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    long index = 0;
    long made = 0;
    try (PrintWriter itemsOut = new PrintWriter(Files.newBufferedWriter(out.resolve("items.jsonl"), StandardCharsets.UTF_8));
        PrintWriter truth = new PrintWriter(Files.newBufferedWriter(out.resolve("truth.tsv"), StandardCharsets.UTF_8))) {
      for (Path file : files) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          for (String line = r.readLine(); line != null; line = r.readLine(), index++) {
            JsonNode doc = json.readTree(line);
            String[] words = doc.get("text").asText().split("\\s+");
            if (vocabulary.size() < 200_000 && index % 50 == 0) {
              for (String w : words) {
                String word = w.replaceAll("[^\\p{L}\\p{N}]", "").toLowerCase(java.util.Locale.ROOT);
                if (!word.isEmpty() && seen.add(word)) {
                  vocabulary.add(word);
                }
              }
            }
            if (made < planted && index % every == 0 && words.length >= 40) {
              int length = 20 + random.nextInt(21);
              int start = random.nextInt(words.length - length + 1);
              boolean rewrap = random.nextBoolean();
              StringBuilder span = new StringBuilder();
              for (int i = 0; i < length; i++) {
                String w = words[start + i];
                if (i > 0) {
                  span.append(rewrap && i % 7 == 0 ? "\n  " : " ");
                }
                span.append(rewrap && i == 0 ? w.toUpperCase(java.util.Locale.ROOT) : w);
                if (rewrap && i % 5 == 4) {
                  span.append(',');
                }
              }
              String id = String.format("planted-%07d", made++);
              itemsOut.println(json.writeValueAsString(Map.of("id", id, "text", span.toString())));
              truth.println(id + "\t" + doc.get("id").asText() + "\t" + (rewrap ? "rewrapped" : "verbatim"));
            }
          }
        }
      }
      for (long i = made; i < items; i++) {
        int length = 20 + random.nextInt(21);
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < length; w++) {
          text.append(w == 0 ? "" : " ").append(vocabulary.get(random.nextInt(vocabulary.size())));
        }
        itemsOut.println(json.writeValueAsString(Map.of("id", String.format("clean-%07d", i), "text", text.toString())));
      }
    }
    System.err.printf("bench items: %d planted (from %d documents, every %d-th), %d clean, vocabulary %d words%n", made,
        index, every, items - made, vocabulary.size());
  }
}
