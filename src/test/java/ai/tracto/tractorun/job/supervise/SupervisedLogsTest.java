package ai.tracto.tractorun.job.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tracto.tractorun.job.log.LogSource;
import ai.tracto.tractorun.job.log.StderrLogSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class SupervisedLogsTest {
    private static final int LINES = 10_000;
    private static final int PADDING = 300;

    @TempDir
    Path dir;

    private ProcessSpec worker(int rank, String script) {
        return new ProcessSpec(LogSource.worker(rank), List.of("bash", "-c", script),
                Map.of("PATH", System.getenv("PATH")), dir);
    }

    @Test
    void linesOfFourWorkersWritingAtOnceArriveWholeAndPrefixedWithTheirRank() throws Exception {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        String script = "pad=$(printf '%0" + PADDING + "d' 0); for i in $(seq 1 " + LINES + "); do"
                + " if [ $((i % 2)) -eq 0 ]; then echo \"R$RANK-out-$i-$pad\"; else echo \"R$RANK-err-$i-$pad\" >&2; fi;"
                + " done";
        List<ProcessSpec> workers = IntStream.range(0, 4)
                .mapToObj(rank -> worker(rank, "RANK=" + rank + "; " + script)).toList();

        Supervisor supervisor = Supervisor.start(workers, List.of(), new StderrLogSink(stderr),
                SupervisorOptions.defaults());

        assertThat(supervisor.awaitExitCode()).isZero();
        Pattern shape = Pattern.compile("\\[rank (\\d)] R(\\d)-(out|err)-(\\d+)-0{" + PADDING + "}");
        Map<String, Integer> lastIndex = new HashMap<>();
        Map<Integer, Integer> perRank = new HashMap<>();
        String[] captured = stderr.toString(StandardCharsets.UTF_8).split("\n", -1);
        assertThat(captured[captured.length - 1]).isEmpty();
        for (int i = 0; i < captured.length - 1; i++) {
            Matcher m = shape.matcher(captured[i]);
            assertThat(m.matches()).as("line %d is whole: %s", i, captured[i]).isTrue();
            assertThat(m.group(1)).isEqualTo(m.group(2));
            int rank = Integer.parseInt(m.group(1));
            int index = Integer.parseInt(m.group(4));
            String stream = rank + m.group(3);
            // Within one stream of one process, order is kept.
            assertThat(index).isGreaterThan(lastIndex.getOrDefault(stream, 0));
            lastIndex.put(stream, index);
            perRank.merge(rank, 1, Integer::sum);
        }
        assertThat(perRank).containsExactlyInAnyOrderEntriesOf(Map.of(0, LINES, 1, LINES, 2, LINES, 3, LINES));
    }

    @Test
    void aLineLongerThanTheLimitArrivesAsPrefixedPiecesThatAddUpToIt() throws Exception {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Supervisor supervisor = Supervisor.start(
                List.of(worker(2, "head -c 200000 /dev/zero | tr '\\0' a; echo; echo after")),
                List.of(), new StderrLogSink(stderr), SupervisorOptions.defaults());

        assertThat(supervisor.awaitExitCode()).isZero();
        List<String> captured = List.of(stderr.toString(StandardCharsets.UTF_8).split("\n"));
        assertThat(captured).hasSize(5).allSatisfy(line -> assertThat(line).startsWith("[rank 2] "));
        assertThat(captured.subList(0, 4)).extracting(line -> line.substring("[rank 2] ".length()).length())
                .containsExactly(65536, 65536, 65536, 200000 - 3 * 65536);
        assertThat(captured.get(4)).isEqualTo("[rank 2] after");
    }
}
