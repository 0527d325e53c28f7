package dev.synthmix.pipeline.report;

import dev.synthmix.pipeline.diversity.Collapse;
import dev.synthmix.pipeline.report.ReportModel.CollapsePoint;
import dev.synthmix.pipeline.report.ReportModel.CoverageRow;
import dev.synthmix.pipeline.report.ReportModel.DiversityPoint;
import dev.synthmix.pipeline.report.ReportModel.DupRateRow;
import dev.synthmix.pipeline.report.ReportModel.TrendPoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * The report's charts, drawn by JFreeChart into SVG. Labels from the data pass through {@link
 * Untrusted#visible} (control characters are not valid XML); the SVG is embedded as an image data
 * URI, which a browser never runs scripts in.
 */
final class Charts {

  static {
    // No display on a cluster driver; JFreeChart only needs fonts to measure text.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    // Rotated labels as SVG text, not as glyph outlines: a tenth of the size, and selectable.
    TextUtils.setUseDrawRotatedStringWorkaround(false);
  }

  /** Suffix of the collapse metrics compared at equal size (Collapse.EQUAL_SIZE). */
  static final String EQUAL_SIZE = Collapse.EQUAL_SIZE;

  static final int WIDTH = 760;
  static final int HEIGHT = 360;
  static final int SMALL_WIDTH = 370;
  static final int SMALL_HEIGHT = 280;

  /** A rendered chart: its title, alt text and SVG document. */
  record Chart(String title, String alt, String svg) {
    String dataUri() {
      return "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
    }
  }

  private Charts() {}

  static Chart coverage(List<CoverageRow> rows) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (CoverageRow r : rows) {
      data.addValue(r.realCount(), "real", label(r.category()));
      data.addValue(r.syntheticCount(), "synthetic", label(r.category()));
    }
    JFreeChart chart = ChartFactory.createBarChart("Documents per category", "category", "documents", data);
    style(chart.getCategoryPlot());
    return svg("Coverage by category", "Bar chart: real and synthetic documents in each of " + rows.size()
        + " categories", chart, WIDTH, HEIGHT);
  }

  static Chart syntheticShare(List<CoverageRow> rows, Double threshold) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (CoverageRow r : rows) {
      data.addValue(r.syntheticShare(), "synthetic share", label(r.category()));
    }
    JFreeChart chart = ChartFactory.createBarChart("Synthetic share per category", "category", "synthetic / all", data);
    CategoryPlot plot = chart.getCategoryPlot();
    style(plot);
    plot.getRangeAxis().setRange(0.0, 1.0);
    if (threshold != null) {
      ValueMarker marker = new ValueMarker(threshold, new Color(0xC0392B), new BasicStroke(2.0f));
      marker.setLabel("gate: max " + threshold);
      marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
      marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
      plot.addRangeMarker(marker);
    }
    return svg("Synthetic share per category", "Bar chart: synthetic share of each category"
        + (threshold == null ? " (no max-synthetic-share gate ran)" : ", with the gate threshold " + threshold
        + " drawn as a line"), chart, WIDTH, HEIGHT);
  }

  static Chart dupRates(List<DupRateRow> rows) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (DupRateRow r : rows) {
      data.addValue(r.anyRate(), label(r.generator()), label(r.scope()));
    }
    JFreeChart chart = ChartFactory.createBarChart("Duplicate and leakage rates", "scope",
        "share of documents with a duplicate", data);
    style(chart.getCategoryPlot());
    chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
    return svg("Duplicate and leakage rates", "Bar chart: share of documents with an exact or near duplicate, per"
        + " scope (synthetic-real is leakage) and generator", chart, WIDTH, HEIGHT);
  }

  /** One small chart per diversity metric against depth, a series per generator from real (0). */
  static List<Chart> diversity(List<DiversityPoint> points) {
    Map<String, Function<DiversityPoint, Number>> metrics = new LinkedHashMap<>();
    metrics.put("vocabulary", DiversityPoint::vocabulary);
    metrics.put("distinct-2", DiversityPoint::distinct2);
    metrics.put("entropy (bits)", DiversityPoint::entropyBits);
    metrics.put("rare-unigram survival", DiversityPoint::rareUnigramSurvival);
    DiversityPoint real = points.stream().filter(p -> p.generator() == null).findFirst().orElse(null);
    List<String> generators = points.stream().map(DiversityPoint::generator).filter(g -> g != null).distinct().toList();
    List<Chart> out = new ArrayList<>();
    for (var m : metrics.entrySet()) {
      XYSeriesCollection data = new XYSeriesCollection();
      for (String g : generators) {
        XYSeries s = new XYSeries(label(g), true, false);
        if (real != null && m.getValue().apply(real) != null) {
          s.add(0, m.getValue().apply(real));
        }
        points.stream().filter(p -> g.equals(p.generator()) && m.getValue().apply(p) != null)
            .forEach(p -> s.addOrUpdate(p.depth(), m.getValue().apply(p)));
        data.addSeries(s);
      }
      JFreeChart chart = ChartFactory.createXYLineChart(m.getKey() + " by depth", "generation depth (0 = real)",
          m.getKey(), data);
      XYPlot plot = chart.getXYPlot();
      plot.setBackgroundPaint(Color.WHITE);
      plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
      plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
      plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
      ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
      XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
      plot.setRenderer(renderer);
      out.add(svg(m.getKey() + " by depth", "Line chart: " + m.getKey() + " against generation depth, one line per"
          + " generator (" + generators.size() + "), starting from the real corpus at depth 0", chart,
          SMALL_WIDTH, SMALL_HEIGHT));
    }
    return out;
  }

  /**
   * One small chart per metric compared at equal size: synthetic / real against depth, a line per
   * generator from 1 at depth 0 (the real corpus against itself), with 1 drawn as a line. Below 1:
   * less diverse than as many real documents of the same categories.
   */
  static List<Chart> equalSize(List<CollapsePoint> points) {
    Map<String, String> metrics = new LinkedHashMap<>();
    metrics.put("vocabulary", "vocabulary");
    metrics.put("distinct_2", "distinct-2");
    metrics.put("entropy_bits", "entropy");
    metrics.put("rare_ngram_survival", "rare-unigram survival");
    List<String> generators = points.stream().map(CollapsePoint::generator).distinct().toList();
    List<Chart> out = new ArrayList<>();
    for (var m : metrics.entrySet()) {
      String metric = m.getKey() + EQUAL_SIZE;
      XYSeriesCollection data = new XYSeriesCollection();
      for (String g : generators) {
        XYSeries s = new XYSeries(label(g), true, false);
        s.add(0, 1.0);
        points.stream().filter(p -> g.equals(p.generator()) && metric.equals(p.metric()) && p.ratio() != null)
            .forEach(p -> s.addOrUpdate((double) p.depth(), p.ratio().doubleValue()));
        data.addSeries(s);
      }
      String title = m.getValue() + " vs real, equal size";
      JFreeChart chart = ChartFactory.createXYLineChart(title, "generation depth (0 = real)",
          "synthetic / real", data);
      XYPlot plot = chart.getXYPlot();
      plot.setBackgroundPaint(Color.WHITE);
      plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
      plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
      plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
      ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
      plot.addRangeMarker(new ValueMarker(1.0, new Color(0x7F8C8D), new BasicStroke(1.0f)));
      plot.setRenderer(new XYLineAndShapeRenderer(true, true));
      out.add(svg(title, "Line chart: " + m.getValue() + " of each generator's documents divided by that of as"
          + " many real documents of the same categories, against generation depth, one line per generator ("
          + generators.size() + "); 1 means as diverse as real", chart, SMALL_WIDTH, SMALL_HEIGHT));
    }
    return out;
  }

  static Chart trends(List<TrendPoint> points) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    // Dates are the columns, in the order first added: add in date order.
    List<TrendPoint> byDate = points.stream()
        .sorted(Comparator.comparing(TrendPoint::runDate).thenComparing(TrendPoint::series)).toList();
    for (TrendPoint p : byDate) {
      data.addValue(p.value(), label(p.series()), p.runDate().toString());
    }
    JFreeChart chart = ChartFactory.createLineChart("Headline metrics over run dates", "run date", "value", data);
    CategoryPlot plot = chart.getCategoryPlot();
    style(plot);
    LineAndShapeRenderer renderer = new LineAndShapeRenderer(true, true);
    plot.setRenderer(renderer);
    long dates = points.stream().map(TrendPoint::runDate).distinct().count();
    return svg("Metric trends", "Line chart: synthetic share, leakage rate and exact-duplicate rates over " + dates
        + " run date(s)", chart, WIDTH, HEIGHT);
  }

  private static void style(CategoryPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    plot.getDomainAxis().setMaximumCategoryLabelLines(2);
    if (plot.getRenderer() instanceof BarRenderer bars) {
      bars.setBarPainter(new StandardBarPainter());
      bars.setShadowVisible(false);
      bars.setItemMargin(0.05);
    }
  }

  private static String label(String s) {
    return s == null ? "(none)" : Untrusted.visible(s);
  }

  private static Chart svg(String title, String alt, JFreeChart chart, int width, int height) {
    chart.setBackgroundPaint(Color.WHITE);
    SVGGraphics2D g2 = new SVGGraphics2D(width, height);
    chart.draw(g2, new Rectangle(0, 0, width, height));
    return new Chart(title, alt, g2.getSVGDocument());
  }
}
