package ai.tracto.tractorun.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Repeated measurements of one quantity; the table reports the median. */
final class Samples {
    private final List<Double> values = new ArrayList<>();

    void add(double value) {
        values.add(value);
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    double median() {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    List<Double> values() {
        return List.copyOf(values);
    }

    static String fmt(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
    }

    /** "1.23 s [1.20 1.23 1.31]": the median and every sample, for the notes; the unit may be empty. */
    String describe(String unit) {
        StringBuilder all = new StringBuilder();
        for (double v : values) {
            all.append(all.length() == 0 ? "" : " ").append(fmt(v));
        }
        return fmt(median()) + (unit.isEmpty() ? "" : " " + unit) + " [" + all + "]";
    }
}
