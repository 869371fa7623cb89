package org.modelgate.benchmarks.federated;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/** A line chart of held-out accuracy per round, one line per run and a dashed line for centralized training. */
final class AccuracyPlot {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    record Series(String name, double[] accuracy) {
    }

    private AccuracyPlot() {
    }

    static void write(Path file, String title, List<Series> series, double centralized, double floor) throws IOException {
        int width = 1200;
        int height = 560;
        int left = 60;
        int right = 500;
        int top = 40;
        int bottom = 50;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int rounds = series.stream().mapToInt(s -> s.accuracy().length).max().orElse(1);
        int plotWidth = width - left - right;
        int plotHeight = height - top - bottom;
        g.setColor(new Color(0xdddddd));
        for (int k = 0; k <= 10; k++) {
            double value = floor + (1 - floor) * k / 10;
            int y = top + (int) Math.round(plotHeight * (1 - (value - floor) / (1 - floor)));
            g.setColor(new Color(0xe5e5e5));
            g.drawLine(left, y, left + plotWidth, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.2f", value), 10, y + 4);
        }
        for (int k = 0; k <= 10; k++) {
            int round = (int) Math.round((double) rounds * k / 10);
            int x = left + (int) Math.round((double) plotWidth * round / rounds);
            g.drawString(Integer.toString(round), x - 8, top + plotHeight + 18);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, plotWidth, plotHeight);
        g.drawString("round", left + plotWidth / 2 - 15, height - 12);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title + String.format(Locale.ROOT, " (values below %.2f drawn at %.2f)", floor, floor), left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int legendY = top + 10;
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        int yc = top + (int) Math.round(plotHeight * (1 - (centralized - floor) / (1 - floor)));
        g.drawLine(left, yc, left + plotWidth, yc);
        g.drawLine(left + plotWidth + 15, legendY, left + plotWidth + 40, legendY);
        g.drawString(String.format(Locale.ROOT, "centralized %.4f", centralized), left + plotWidth + 45, legendY + 4);
        g.setStroke(new BasicStroke(2f));
        for (int s = 0; s < series.size(); s++) {
            Series one = series.get(s);
            g.setColor(COLORS[s % COLORS.length]);
            double[] a = one.accuracy();
            for (int r = 1; r < a.length; r++) {
                g.drawLine(x(r, rounds, left, plotWidth), y(a[r - 1], floor, top, plotHeight),
                        x(r + 1, rounds, left, plotWidth), y(a[r], floor, top, plotHeight));
            }
            int ly = legendY + 20 * (s + 1);
            g.drawLine(left + plotWidth + 15, ly, left + plotWidth + 40, ly);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%s %.4f", one.name(), a[a.length - 1]), left + plotWidth + 45, ly + 4);
        }
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private static int x(int round, int rounds, int left, int plotWidth) {
        return left + (int) Math.round((double) plotWidth * round / rounds);
    }

    private static int y(double accuracy, double floor, int top, int plotHeight) {
        double clamped = Math.max(floor, Math.min(1, accuracy));
        return top + (int) Math.round(plotHeight * (1 - (clamped - floor) / (1 - floor)));
    }
}
