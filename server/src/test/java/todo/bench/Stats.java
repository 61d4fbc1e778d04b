package todo.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Samples, percentiles and the per-metric collection of repetition results. */
final class Stats {
    private Stats() {}

    /** Nearest-rank percentile of {@code values} (sorted in place); NaN when empty. */
    static double percentile(long[] values, int n, double p) {
        if (n == 0) {
            return Double.NaN;
        }
        Arrays.sort(values, 0, n);
        int rank = (int) Math.ceil(p / 100.0 * n);
        return values[Math.max(0, Math.min(n - 1, rank - 1))];
    }

    static double median(List<Double> xs) {
        List<Double> v = xs.stream().filter(d -> !Double.isNaN(d)).sorted().toList();
        if (v.isEmpty()) {
            return Double.NaN;
        }
        int m = v.size() / 2;
        return v.size() % 2 == 1 ? v.get(m) : (v.get(m - 1) + v.get(m)) / 2;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 100_000) return String.format(Locale.ROOT, "%,.0f", v);
        if (a >= 100) return String.format(Locale.ROOT, "%.0f", v);
        if (a >= 10) return String.format(Locale.ROOT, "%.1f", v);
        if (a >= 1) return String.format(Locale.ROOT, "%.2f", v);
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** One metric's samples, one per repetition, with its unit. */
    static final class Metric {
        final String name;
        final String unit;
        final List<Double> samples = new ArrayList<>();

        Metric(String name, String unit) {
            this.name = name;
            this.unit = unit;
        }

        double median() {
            return Stats.median(samples);
        }

        String range() {
            List<Double> v = samples.stream().filter(d -> !Double.isNaN(d)).sorted().toList();
            if (v.size() < 2) {
                return "";
            }
            return fmt(v.get(0)) + " – " + fmt(v.get(v.size() - 1));
        }
    }

    /** Metrics of one scenario, in insertion order. */
    static final class Table {
        final String title;
        final Map<String, Metric> metrics = new LinkedHashMap<>();
        final List<String> notes = new ArrayList<>();

        Table(String title) {
            this.title = title;
        }

        void add(String name, String unit, double value) {
            metrics.computeIfAbsent(name, k -> new Metric(name, unit)).samples.add(value);
        }

        double median(String name) {
            Metric m = metrics.get(name);
            return m == null ? Double.NaN : m.median();
        }

        String markdown() {
            StringBuilder b = new StringBuilder();
            b.append("### ").append(title).append("\n\n");
            b.append("| metric | median | unit | range over reps | reps |\n");
            b.append("|---|---:|---|---|---:|\n");
            for (Metric m : metrics.values()) {
                b.append("| ").append(m.name).append(" | ").append(fmt(m.median())).append(" | ").append(m.unit)
                        .append(" | ").append(m.range()).append(" | ").append(m.samples.size()).append(" |\n");
            }
            for (String n : notes) {
                b.append("\n").append(n).append("\n");
            }
            return b.toString();
        }
    }

    /** Rows (phases) × fixed columns, each cell the median of its samples over the repetitions. */
    static final class Wide {
        final String title;
        final List<String> columns;
        final Map<String, Map<String, List<Double>>> rows = new LinkedHashMap<>();
        final List<String> notes = new ArrayList<>();

        Wide(String title, List<String> columns) {
            this.title = title;
            this.columns = columns;
        }

        void add(String row, String column, double value) {
            rows.computeIfAbsent(row, k -> new LinkedHashMap<>()).computeIfAbsent(column, k -> new ArrayList<>())
                    .add(value);
        }

        String markdown() {
            StringBuilder b = new StringBuilder();
            b.append("### ").append(title).append("\n\n| phase |");
            columns.forEach(c -> b.append(' ').append(c).append(" |"));
            b.append("\n|---|");
            columns.forEach(c -> b.append("---:|"));
            b.append('\n');
            for (Map.Entry<String, Map<String, List<Double>>> r : rows.entrySet()) {
                b.append("| ").append(r.getKey()).append(" |");
                for (String c : columns) {
                    List<Double> v = r.getValue().get(c);
                    b.append(' ').append(v == null ? "" : fmt(median(v))).append(" |");
                }
                b.append('\n');
            }
            for (String n : notes) {
                b.append("\n").append(n).append("\n");
            }
            return b.toString();
        }
    }
}
