import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * The inputs of scripts/bench-audit.sh: a training mix of {@code --docs} documents built from the
 * embedded SOTU passages, half real and half synthetic, written as JSONL the way a user hands
 * corpora to synthmix. Not part of the jar: the script runs this file with Java's source launcher
 * on the launcher's classpath (Jackson and commons-compress come with Spark).
 *
 * <p>Usage: {@code java -cp <classpath> scripts/BenchAuditInputs.java --corpus <sotu.jsonl.bz2 or
 * the jar> --docs N --words 80|600 --seed S --out <dir>}
 *
 * <p>Real document i is {@code words / 40} runs of 40 words cut at seeded places from seeded
 * passages of one category (the category of the first): ~80 words is about one passage, ~600
 * words joins 15 cuts. Whole passages would not do: at 1M documents each of the 12,876 passages
 * would be repeated 39 times and the real side would be mostly exact duplicates. Two real
 * documents share at most a cut, far below the dedup threshold.
 *
 * <p>The synthetic half is nine sets: three generators × depths 1–3. A depth-1 document is made
 * from a seeded real document, a depth-d document from a seeded document of the same generator's
 * depth-(d−1) set (its parent set); {@code seed_doc_ids} names it. Generators, all word-level:
 * {@code perturb} replaces, drops, inserts or swaps 1–10 % of the words (near copies: dedup pairs
 * and leakage), {@code shuffle} shuffles the words inside half of its 8-word windows (same
 * vocabulary, new n-grams), {@code splice} joins the first half of its parent with the second half
 * of another document of the parent set. Every document depends only on (seed, set, index), so
 * nothing is held in memory and reruns write the same bytes.
 *
 * <p>Writes {@code real/data.jsonl}, {@code sets/<set-id>/data.jsonl}, {@code sets.tsv} (set id,
 * generator, depth, parent set or -, documents, text bytes) and {@code stats.tsv} (origin, documents,
 * text bytes: UTF-8 bytes of the texts).
 */
public final class BenchAuditInputs {

  static final int CUT = 40;
  static final String[] GENERATORS = {"perturb", "shuffle", "splice"};
  static final int DEPTHS = 3;

  final String[][] passages;
  final String[] categories;
  final Map<String, int[]> byCategory;
  final long seed;
  final int cuts;
  final long realDocs;
  final long[][] setDocs = new long[GENERATORS.length][DEPTHS + 1];

  BenchAuditInputs(String[][] passages, String[] categories, long seed, int words, long docs) {
    this.passages = passages;
    this.categories = categories;
    this.seed = seed;
    this.cuts = Math.max(1, Math.round(words / (float) CUT));
    Map<String, List<Integer>> lists = new HashMap<>();
    for (int i = 0; i < categories.length; i++) {
      lists.computeIfAbsent(categories[i], k -> new ArrayList<>()).add(i);
    }
    byCategory = new HashMap<>();
    lists.forEach((k, v) -> byCategory.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    this.realDocs = docs / 2;
    long synthetic = docs - realDocs;
    int sets = GENERATORS.length * DEPTHS;
    int s = 0;
    for (int d = 1; d <= DEPTHS; d++) {
      for (int g = 0; g < GENERATORS.length; g++, s++) {
        setDocs[g][d] = synthetic / sets + (s < synthetic % sets ? 1 : 0);
      }
    }
  }

  static String setId(int g, int d) {
    return "bench-" + GENERATORS[g] + "-d" + d;
  }

  static String realId(long i) {
    return String.format(Locale.ROOT, "bench-real-%09d", i);
  }

  static String docId(int g, int d, long j) {
    return d == 0 ? realId(j) : String.format(Locale.ROOT, "%s-%09d", setId(g, d), j);
  }

  /** A random stream that depends only on (seed, generator, depth, index, purpose). */
  SplittableRandom random(int g, int d, long i, int purpose) {
    long z = seed;
    for (long v : new long[] {g, d, i, purpose}) {
      z = mix(z * 0x9E3779B97F4A7C15L + v);
    }
    return new SplittableRandom(z);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Real document i: its category and words. */
  String realCategory(long i) {
    return categories[random(0, 0, i, 1).nextInt(passages.length)];
  }

  List<String> real(long i) {
    SplittableRandom r = random(0, 0, i, 1);
    int first = r.nextInt(passages.length);
    int[] same = byCategory.get(categories[first]);
    List<String> words = new ArrayList<>(cuts * CUT);
    for (int c = 0; c < cuts; c++) {
      String[] p = passages[c == 0 ? first : same[r.nextInt(same.length)]];
      int start = p.length <= CUT ? 0 : r.nextInt(p.length - CUT + 1);
      for (int w = start; w < Math.min(p.length, start + CUT); w++) {
        words.add(p[w]);
      }
    }
    return words;
  }

  /** The parent of document j of set (g, d): an index into set (g, d−1), or into the real documents. */
  long parent(int g, int d, long j) {
    long n = d == 1 ? realDocs : setDocs[g][d - 1];
    return Math.floorMod(random(g, d, j, 2).nextLong(), n);
  }

  List<String> words(int g, int d, long j) {
    if (d == 0) {
      return real(j);
    }
    List<String> parent = words(g, d - 1, parent(g, d, j));
    SplittableRandom r = random(g, d, j, 3);
    switch (GENERATORS[g]) {
      case "perturb" -> {
        List<String> out = new ArrayList<>(parent);
        int edits = (int) Math.round((0.01 + 0.09 * r.nextDouble()) * parent.size());
        for (int e = 0; e < edits && !out.isEmpty(); e++) {
          int at = r.nextInt(out.size());
          switch (r.nextInt(4)) {
            case 0 -> out.set(at, randomWord(r));
            case 1 -> out.remove(at);
            case 2 -> out.add(at, randomWord(r));
            default -> {
              int next = Math.min(out.size() - 1, at + 1);
              String w = out.get(at);
              out.set(at, out.get(next));
              out.set(next, w);
            }
          }
        }
        return out;
      }
      case "shuffle" -> {
        List<String> out = new ArrayList<>(parent);
        for (int from = 0; from < out.size(); from += 8) {
          if (r.nextBoolean()) {
            int to = Math.min(out.size(), from + 8);
            for (int k = to - 1; k > from; k--) {
              int swap = from + r.nextInt(k - from + 1);
              String w = out.get(k);
              out.set(k, out.get(swap));
              out.set(swap, w);
            }
          }
        }
        return out;
      }
      default -> {
        long n = d == 1 ? realDocs : setDocs[g][d - 1];
        List<String> other = words(g, d - 1, Math.floorMod(r.nextLong(), n));
        List<String> out = new ArrayList<>(parent.subList(0, parent.size() / 2));
        out.addAll(other.subList(other.size() / 2, other.size()));
        return out;
      }
    }
  }

  /** The category of document j of set (g, d): its parent's, down to the real document. */
  String category(int g, int d, long j) {
    return d == 0 ? realCategory(j) : category(g, d - 1, parent(g, d, j));
  }

  String randomWord(SplittableRandom r) {
    String[] p = passages[r.nextInt(passages.length)];
    return p[r.nextInt(p.length)];
  }

  /** Writes documents [0, n) of set (g, d) (d = 0: the real documents); returns their text bytes. */
  long write(Path file, int g, int d, long n) throws IOException {
    Files.createDirectories(file.getParent());
    long bytes = 0;
    JsonFactory json = new JsonFactory();
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
        JsonGenerator w = json.createGenerator(out, JsonEncoding.UTF8)) {
      w.setRootValueSeparator(null);
      for (long j = 0; j < n; j++) {
        String text = String.join(" ", words(g, d, j));
        bytes += text.getBytes(StandardCharsets.UTF_8).length;
        w.writeStartObject();
        w.writeStringField("id", docId(g, d, j));
        w.writeStringField("text", text);
        w.writeStringField("category", category(g, d, j));
        if (d > 0) {
          w.writeArrayFieldStart("seed_doc_ids");
          w.writeString(docId(g, d - 1, parent(g, d, j)));
          w.writeEndArray();
        }
        w.writeEndObject();
        w.writeRaw('\n');
      }
    }
    return bytes;
  }

  static InputStream corpus(Path path, List<AutoCloseable> open) throws IOException {
    if (path.toString().endsWith(".jar")) {
      ZipFile zip = new ZipFile(path.toFile());
      open.add(zip);
      ZipEntry e = zip.getEntry("corpus/sotu.jsonl.bz2");
      if (e == null) {
        throw new IOException("Cannot find corpus/sotu.jsonl.bz2 in " + path);
      }
      return zip.getInputStream(e);
    }
    return Files.newInputStream(path);
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("Cannot parse argument '" + args[i] + "': expected --name value pairs");
      }
      opt.put(args[i].substring(2), args[i + 1]);
    }
    for (String k : List.of("corpus", "docs", "words", "seed", "out")) {
      if (!opt.containsKey(k)) {
        throw new IllegalArgumentException("Cannot generate the bench inputs: --" + k + " is missing."
            + " Usage: --corpus <sotu.jsonl.bz2|jar> --docs N --words 80|600 --seed S --out <dir>");
      }
    }
    long docs = Long.parseLong(opt.get("docs"));
    int words = Integer.parseInt(opt.get("words"));
    if (docs < 18 || words < CUT) {
      throw new IllegalArgumentException("Cannot generate " + docs + " documents of " + words
          + " words: use at least 18 documents (9 synthetic sets) and 40 words");
    }
    Path out = Path.of(opt.get("out"));

    List<String[]> passages = new ArrayList<>();
    List<String> categories = new ArrayList<>();
    ObjectMapper mapper = new ObjectMapper();
    List<AutoCloseable> open = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(
        new BZip2CompressorInputStream(corpus(Path.of(opt.get("corpus")), open)), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        JsonNode n = mapper.readTree(line);
        passages.add(n.get("text").asText().split(" "));
        categories.add(n.get("category").asText());
      }
    } finally {
      for (AutoCloseable c : open) {
        c.close();
      }
    }
    BenchAuditInputs b = new BenchAuditInputs(passages.toArray(new String[0][]), categories.toArray(new String[0]),
        Long.parseLong(opt.get("seed")), words, docs);

    long realBytes = b.write(out.resolve("real/data.jsonl"), 0, 0, b.realDocs);
    long synthDocs = 0;
    long synthBytes = 0;
    try (PrintWriter sets = new PrintWriter(Files.newBufferedWriter(out.resolve("sets.tsv")))) {
      sets.println("set_id\tgenerator\tdepth\tparent_set\tdocs\ttext_bytes");
      for (int d = 1; d <= DEPTHS; d++) {
        for (int g = 0; g < GENERATORS.length; g++) {
          long n = b.setDocs[g][d];
          long bytes = b.write(out.resolve("sets/" + setId(g, d) + "/data.jsonl"), g, d, n);
          synthDocs += n;
          synthBytes += bytes;
          sets.printf(Locale.ROOT, "%s\t%s\t%d\t%s\t%d\t%d%n", setId(g, d), GENERATORS[g], d,
              d == 1 ? "-" : setId(g, d - 1), n, bytes);
        }
      }
    }
    try (PrintWriter stats = new PrintWriter(Files.newBufferedWriter(out.resolve("stats.tsv")))) {
      stats.println("origin\tdocs\ttext_bytes");
      stats.printf(Locale.ROOT, "real\t%d\t%d%n", b.realDocs, realBytes);
      stats.printf(Locale.ROOT, "synthetic\t%d\t%d%n", synthDocs, synthBytes);
    }
    System.out.printf(Locale.ROOT, "bench inputs: %d real (%.1f MB), %d synthetic in 9 sets (%.1f MB), %d words each%n",
        b.realDocs, realBytes / 1e6, synthDocs, synthBytes / 1e6, words);
  }
}
