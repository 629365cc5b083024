package org.t3d.cli.plot;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.t3d.core.train.EpochStats;

/** Writes the training curves and the confusion matrix as PNG files (XChart, 100 dpi-ish bitmaps). */
public final class Plots {

    private Plots() {
    }

    /**
     * Two panels side by side in one PNG: loss (train, validation) and validation accuracy per epoch.
     *
     * @param history one entry per epoch
     * @param title   chart title prefix
     * @param png     output file (.png)
     * @return the file
     */
    public static Path trainingCurves(List<EpochStats> history, String title, Path png) {
        if (history.isEmpty()) {
            throw new IllegalArgumentException("no epochs to plot");
        }
        List<Double> epochs = new ArrayList<>();
        List<Double> train = new ArrayList<>();
        List<Double> val = new ArrayList<>();
        List<Double> acc = new ArrayList<>();
        for (EpochStats s : history) {
            epochs.add((double) s.epoch() + 1);
            train.add(s.trainLoss());
            val.add(s.valLoss());
            acc.add(100 * s.valAccuracy());
        }
        XYChart loss = new XYChartBuilder().width(640).height(420).title(title + ": loss").xAxisTitle("epoch")
                .yAxisTitle("cross-entropy").build();
        style(loss);
        loss.addSeries("train", epochs, train).setMarker(SeriesMarkers.CIRCLE);
        if (val.stream().noneMatch(d -> d.isNaN())) {
            loss.addSeries("validation", epochs, val).setMarker(SeriesMarkers.DIAMOND);
        }
        XYChart accuracy = new XYChartBuilder().width(640).height(420).title(title + ": validation accuracy")
                .xAxisTitle("epoch").yAxisTitle("clip top-1 (%)").build();
        style(accuracy);
        accuracy.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
        if (acc.stream().noneMatch(d -> d.isNaN())) {
            XYSeries s = accuracy.addSeries("validation", epochs, acc);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        try {
            java.awt.image.BufferedImage left = BitmapEncoder.getBufferedImage(loss);
            java.awt.image.BufferedImage right = BitmapEncoder.getBufferedImage(accuracy);
            java.awt.image.BufferedImage both = new java.awt.image.BufferedImage(left.getWidth() + right.getWidth(),
                    Math.max(left.getHeight(), right.getHeight()), java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = both.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, both.getWidth(), both.getHeight());
            g.drawImage(left, 0, 0, null);
            g.drawImage(right, left.getWidth(), 0, null);
            g.dispose();
            mkdirs(png);
            javax.imageio.ImageIO.write(both, "png", png.toFile());
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
        }
    }

    /**
     * A confusion-matrix heat map (rows: true class, columns: predicted), counts printed in the cells.
     *
     * @param confusion  confusion[true][predicted]
     * @param classNames class names
     * @param title      chart title
     * @param png        output file (.png)
     * @return the file
     */
    public static Path confusionMatrix(long[][] confusion, List<String> classNames, String title, Path png) {
        int n = classNames.size();
        int side = Math.max(480, Math.min(1600, 120 + 40 * n));
        HeatMapChart chart = new HeatMapChartBuilder().width(side + 120).height(side).title(title)
                .xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotContentSize(1.0);
        chart.getStyler().setShowValue(n <= 30);
        chart.getStyler().setRangeColors(new Color[] {new Color(247, 251, 255), new Color(107, 174, 214),
                new Color(8, 48, 107)});
        List<String> x = new ArrayList<>(classNames);
        // XChart draws the first y category at the bottom: reverse so that row 0 is on top, as in tables.
        List<String> y = new ArrayList<>(classNames);
        java.util.Collections.reverse(y);
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                cells.add(new Number[] {p, n - 1 - t, confusion[t][p]});
            }
        }
        chart.addSeries("count", x, y, cells);
        try {
            mkdirs(png);
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
        }
    }

    private static void style(XYChart c) {
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        c.getStyler().setXAxisDecimalPattern("#");
    }

    private static void mkdirs(Path png) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
