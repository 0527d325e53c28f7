package dev.synthmix.pipeline.text;

import static org.apache.spark.sql.functions.udf;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/** Spark column forms of {@link TextNormalizer}, so that every stage tokenises the same way. */
public final class Tokens {

  private Tokens() {}

  /**
   * The words of {@code text} as {@code array<string>}; null and empty texts give an empty array.
   */
  public static Column words(Column text) {
    // Built per call rather than held in a static: a UDF is a cheap value and holding none keeps
    // this class free of state shared between sessions.
    UserDefinedFunction words =
        udf(
                (UDF1<String, List<String>>) TextNormalizer::words,
                DataTypes.createArrayType(DataTypes.StringType, false))
            .asNonNullable();
    return words.apply(text);
  }
}
