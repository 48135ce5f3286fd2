package ai.tracto.tractorun.localcluster.operations;

import ai.tracto.tractorun.testsupport.Processes;
import static ai.tracto.tractorun.testsupport.Processes.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobWatchdogTest {
    @TempDir
    Path temp;

    @Test
    void jobsDieWhenTheClusterJvmIsKilledAbruptly() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                WatchdogJvm.class.getName(), temp.toString())
                .redirectError(temp.resolve("jvm.log").toFile())
                .start();
        String operationId;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            operationId = out.readLine();
            assertThat(operationId).as("operation id printed by the cluster JVM").isNotNull();
            // wrapper, its capture and watchdog, the job shell, its bash -c and two sleeps
            assertThat(eventually(() -> sleeps(operationId).size() == 2)).isTrue();
        } finally {
            jvm.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
            jvm.waitFor();
        }

        assertThat(eventually(() -> Processes.of(operationId).isEmpty()))
                .as("no process of the operation survives the cluster JVM").isTrue();
    }

    private static List<Long> sleeps(String operationId) {
        return Processes.of(operationId).stream()
                .filter(pid -> ProcessHandle.of(pid).flatMap(p -> p.info().command())
                        .map(c -> c.endsWith("/sleep")).orElse(false))
                .toList();
    }
}
