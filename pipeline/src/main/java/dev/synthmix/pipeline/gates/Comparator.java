package dev.synthmix.pipeline.gates;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;

/**
 * How a gate compares an observed value with its threshold. {@code ==} allows a difference of
 * {@link #EQUALITY_TOLERANCE}, as metric values are doubles. NaN never passes.
 */
public enum Comparator {
  LE("<=", ">"),
  LT("<", ">="),
  GE(">=", "<"),
  GT(">", "<="),
  EQ("==", "!=");

  /** Largest difference that {@code ==} still counts as equal. */
  public static final double EQUALITY_TOLERANCE = 1e-9;

  private final String symbol;
  private final String violation;

  Comparator(String symbol, String violation) {
    this.symbol = symbol;
    this.violation = violation;
  }

  public String symbol() {
    return symbol;
  }

  /** The relation that holds when the comparison fails, for messages ("0.62 > 0.5"). */
  public String violation() {
    return violation;
  }

  /** The comparator written as {@code symbol}, or null. */
  public static Comparator fromSymbol(String symbol) {
    for (Comparator comparator : values()) {
      if (comparator.symbol.equals(symbol)) {
        return comparator;
      }
    }
    return null;
  }

  /** The accepted symbols, for error messages. */
  public static String symbols() {
    return Arrays.stream(values()).map(Comparator::symbol).collect(Collectors.joining(", "));
  }

  /** True where {@code value} passes against {@code threshold}; false for NaN. */
  Column passes(Column value, double threshold) {
    Column t = lit(threshold);
    // Spark orders NaN above every number, so NaN already fails <= and <; the explicit check makes
    // it fail >= and > as well.
    Column notNaN = not(isnan(value));
    switch (this) {
      case LE:
        return value.leq(t);
      case LT:
        return value.lt(t);
      case GE:
        return value.geq(t).and(notNaN);
      case GT:
        return value.gt(t).and(notNaN);
      default:
        return abs(value.minus(t)).leq(EQUALITY_TOLERANCE).and(notNaN);
    }
  }

  /** A key whose largest value is the worst row: furthest past (or closest to) the threshold. */
  Column badness(Column value, double threshold) {
    switch (this) {
      case LE:
      case LT:
        return value;
      case GE:
      case GT:
        return value.multiply(-1.0);
      default:
        return abs(value.minus(lit(threshold)));
    }
  }
}
