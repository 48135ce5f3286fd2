package ai.tracto.tractorun.bench;

import java.util.List;

/**
 * One line of the benchmark table: tractorun's figure, the baseline's figure from the same run,
 * their ratio, the target and whether it was met, plus notes printed under the table.
 */
record BenchRow(String name, String tractorun, String baseline, String ratio, String target, String verdict,
                List<String> notes) {
    static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }
}
