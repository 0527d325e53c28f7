package dev.synthmix.pipeline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Row lookups for assertions. */
public final class Rows {

  private Rows() {}

  /** The single row of {@code rows} matching {@code condition}; fails the test otherwise. */
  public static Row one(Dataset<Row> rows, Column condition) {
    List<Row> found = rows.where(condition).collectAsList();
    assertThat(found).as("rows matching %s", condition).hasSize(1);
    return found.get(0);
  }

  /** The value of a column of a row by name, as a Double (null stays null). */
  public static Double dbl(Row row, String column) {
    Object value = row.getAs(column);
    return value == null ? null : ((Number) value).doubleValue();
  }

  /** The value of a column of a row by name, as a Long (null stays null). */
  public static Long lng(Row row, String column) {
    Object value = row.getAs(column);
    return value == null ? null : ((Number) value).longValue();
  }
}
