package todo.metrics;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus' text exposition format (version 0.0.4), written from its specification for the
 * tests: it fails on any line the format does not allow, on a sample outside a declared family, on a duplicate
 * series, and on a histogram whose buckets are not cumulative or whose {@code +Inf} bucket is not its count.
 * Immutable once parsed.
 */
final class PromText {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Pattern VALUE = Pattern.compile("[+-]?Inf|NaN|[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /** Family name to type. */
    final Map<String, String> types = new LinkedHashMap<>();
    /** Every series ({@code name} plus its labels sorted, as {@code name{a="x",b="y"}}) to its value. */
    final Map<String, Double> series = new LinkedHashMap<>();

    static PromText parse(String text) {
        PromText p = new PromText();
        String[] lines = text.split("\n", -1);
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        String family = null;
        for (int n = 0; n < lines.length - 1; n++) {
            String line = lines[n];
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                family = m.group(1);
            } else if ((m = TYPE.matcher(line)).matches()) {
                if (p.types.put(m.group(1), m.group(2)) != null) {
                    throw new IllegalArgumentException("line " + (n + 1) + ": second TYPE for " + m.group(1));
                }
                family = m.group(1);
            } else if (line.startsWith("#") || line.isEmpty()) {
                continue;
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String name = m.group(1);
                if (family == null || !belongs(name, family, p.types.get(family))) {
                    throw new IllegalArgumentException("line " + (n + 1) + ": " + name + " outside its family " + family);
                }
                if (!VALUE.matcher(m.group(4)).matches()) {
                    throw new IllegalArgumentException("line " + (n + 1) + ": not a value: " + m.group(4));
                }
                String key = name + labels(m.group(3), n + 1);
                if (p.series.put(key, value(m.group(4))) != null) {
                    throw new IllegalArgumentException("line " + (n + 1) + ": duplicate series " + key);
                }
            } else {
                throw new IllegalArgumentException("line " + (n + 1) + " is not in the text format: " + line);
            }
        }
        p.checkHistograms();
        return p;
    }

    private static boolean belongs(String sample, String family, String type) {
        if (sample.equals(family)) {
            return true;
        }
        Set<String> suffixes = switch (type == null ? "untyped" : type) {
            case "histogram" -> Set.of("_bucket", "_count", "_sum", "_created");
            case "summary" -> Set.of("_count", "_sum", "_created");
            default -> Set.of();
        };
        return suffixes.stream().anyMatch(s -> sample.equals(family + s));
    }

    private static String labels(String raw, int line) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        Map<String, String> sorted = new TreeMap<>();
        Matcher m = LABEL.matcher(raw);
        int at = 0;
        while (at < raw.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("line " + line + ": bad labels: {" + raw + "}");
            }
            if (sorted.put(m.group(1), m.group(2)) != null) {
                throw new IllegalArgumentException("line " + line + ": label " + m.group(1) + " twice");
            }
            at = m.end();
        }
        StringBuilder b = new StringBuilder("{");
        sorted.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(k).append("=\"").append(v).append('"'));
        return b.append('}').toString();
    }

    private static double value(String v) {
        return switch (v) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
    }

    /** Buckets never decrease with {@code le}, and the {@code +Inf} bucket equals {@code _count}. */
    private void checkHistograms() {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            Map<String, TreeMap<Double, Double>> bySeries = new HashMap<>();
            series.forEach((key, value) -> {
                if (key.startsWith(family + "_bucket{")) {
                    Matcher le = Pattern.compile("le=\"([^\"]+)\"").matcher(key);
                    if (!le.find()) {
                        throw new IllegalArgumentException(key + " has no le");
                    }
                    String rest = key.substring((family + "_bucket").length()).replace(le.group(0), "")
                            .replace("{,", "{").replace(",}", "}").replace(",,", ",");
                    bySeries.computeIfAbsent(rest, r -> new TreeMap<>()).put(value(le.group(1)), value);
                }
            });
            bySeries.forEach((labels, buckets) -> {
                double last = 0;
                for (double count : buckets.values()) {
                    if (count < last) {
                        throw new IllegalArgumentException(family + labels + ": buckets not cumulative " + buckets);
                    }
                    last = count;
                }
                Double inf = buckets.get(Double.POSITIVE_INFINITY);
                Double count = series.get(family + "_count" + (labels.equals("{}") ? "" : labels));
                if (inf == null || !inf.equals(count)) {
                    throw new IllegalArgumentException(family + labels + ": +Inf bucket " + inf + ", count " + count);
                }
            });
        });
    }

    /** The value of one series, written as {@code name} or {@code name{a="x",b="y"}} (labels sorted); 0 if absent. */
    double get(String key) {
        return series.getOrDefault(key, 0.0);
    }

    boolean has(String key) {
        return series.containsKey(key);
    }

    /** The names of the families declared, for presence checks. */
    List<String> families() {
        return List.copyOf(types.keySet());
    }
}
