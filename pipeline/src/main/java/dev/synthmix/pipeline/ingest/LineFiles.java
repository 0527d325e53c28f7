package dev.synthmix.pipeline.ingest;

import dev.synthmix.pipeline.schema.RawRecords;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Reads line-oriented files as (file, position, position kind, bytes) with Hadoop's
 * TextInputFormat, so large plain files split across tasks.
 *
 * <p>Positions: a plain file gives each line's byte offset. A compressed file is read whole by one
 * task (see {@link WholeCompressedTextInputFormat}) and gives 1-based line numbers, because the
 * offsets Hadoop reports inside compressed streams are not unique per line.
 */
public final class LineFiles {

  private LineFiles() {}

  /**
   * One line of a file, or, with {@code error} set, the point where the file could not be read
   * further (e.g. a truncated compressed file): the rest of the file is one refused record.
   */
  public record Line(String file, long position, String positionKind, byte[] bytes, String error) {}

  public static JavaRDD<Line> read(SparkSession spark, InputFiles files) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration conf = new Configuration(jsc.hadoopConfiguration());
    conf.setBoolean("mapreduce.input.fileinputformat.input.dir.recursive", true);
    @SuppressWarnings("unchecked")
    JavaNewHadoopRDD<LongWritable, Text> rdd =
        (JavaNewHadoopRDD<LongWritable, Text>)
            jsc.newAPIHadoopFile(
                files.joined(), WholeCompressedTextInputFormat.class, LongWritable.class, Text.class, conf);
    return rdd.mapPartitionsWithInputSplit(LineFiles::lines, true);
  }

  private static Iterator<Line> lines(InputSplit split, Iterator<Tuple2<LongWritable, Text>> it) {
    Path path = ((FileSplit) split).getPath();
    boolean compressed = new CompressionCodecFactory(new Configuration()).getCodec(path) != null;
    String file = path.toString();
    return new Iterator<>() {
      long lineNo = 0;
      long nextOffset = 0;
      Line failure;
      boolean done;

      @Override
      public boolean hasNext() {
        if (done) {
          return false;
        }
        if (failure != null) {
          return true;
        }
        try {
          return it.hasNext();
        } catch (Exception e) {
          // Hadoop's IOException is undeclared through the Scala iterator. The lines read so far
          // stay good; the unreadable rest becomes one refused record, so the run neither fails
          // nor silently drops it (Spark's ignoreCorruptFiles would drop it).
          failure = compressed
              ? new Line(file, lineNo + 1, RawRecords.KIND_LINE, new byte[0], unreadable(e, "line " + (lineNo + 1)))
              : new Line(file, nextOffset, RawRecords.KIND_BYTE_OFFSET, new byte[0], unreadable(e, "byte " + nextOffset));
          return true;
        }
      }

      @Override
      public Line next() {
        if (failure != null) {
          done = true;
          return failure;
        }
        Tuple2<LongWritable, Text> t = it.next();
        lineNo++;
        // Hadoop reuses the Text object: copy the bytes out.
        byte[] bytes = Arrays.copyOf(t._2().getBytes(), t._2().getLength());
        nextOffset = t._1().get() + bytes.length + 1;
        return compressed
            ? new Line(file, lineNo, RawRecords.KIND_LINE, bytes, null)
            : new Line(file, t._1().get(), RawRecords.KIND_BYTE_OFFSET, bytes, null);
      }
    };
  }

  private static String unreadable(Exception e, String from) {
    return "unreadable file from " + from + " on (truncated or corrupt?): " + e.getClass().getSimpleName() + ": "
        + e.getMessage();
  }

  /** TextInputFormat that never splits a compressed file, so line numbers stay exact. */
  public static final class WholeCompressedTextInputFormat extends TextInputFormat {
    @Override
    protected boolean isSplitable(JobContext context, Path file) {
      return new CompressionCodecFactory(context.getConfiguration()).getCodec(file) == null
          && super.isSplitable(context, file);
    }

    @Override
    protected List<org.apache.hadoop.fs.FileStatus> listStatus(JobContext job) throws java.io.IOException {
      // Skip hidden and marker files (_SUCCESS, .crc) as Spark's own readers do.
      List<org.apache.hadoop.fs.FileStatus> out = new ArrayList<>();
      for (org.apache.hadoop.fs.FileStatus s : super.listStatus(job)) {
        String name = s.getPath().getName();
        if (!name.startsWith("_") && !name.startsWith(".")) {
          out.add(s);
        }
      }
      return out;
    }
  }
}
