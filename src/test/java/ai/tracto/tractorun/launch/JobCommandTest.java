package ai.tracto.tractorun.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The job prelude run by a real POSIX shell against a fake PATH of java shims. */
class JobCommandTest {
    @TempDir
    Path sandbox;
    @TempDir
    Path bin;

    private record Result(int code, String output) {}

    @Test
    void usesTheImagesJavaWhenItIsSeventeenOrNewer() throws Exception {
        shim(bin.resolve("java"), "openjdk version \"17.0.2\" 2022-01-18");

        Result result = run(JobCommand.render(List.of("a.jar", "b.jar"), Optional.empty()));

        assertThat(result.code()).isZero();
        assertThat(result.output()).isEqualTo("java " + bin.resolve("java")
                + " " + JobCommand.BOOTSTRAP_JVM_OPTIONS
                + " -cp a.jar:b.jar ai.tracto.tractorun.job.BootstrapMain bootstrap.json\n");
    }

    @Test
    void unpacksTheShippedRuntimeWhenTheImageHasJavaEleven() throws Exception {
        shim(bin.resolve("java"), "openjdk version \"11.0.21\" 2023-10-17");
        Path image = Files.createDirectories(sandbox.resolve("build/image/bin"));
        shim(image.resolve("java"), "openjdk version \"17.0.15\" 2025-04-15");
        TarGzWriter.write(sandbox.resolve("build/image"), sandbox.resolve("rt.tar.gz"));

        Result result = run(JobCommand.render(List.of("tractorun.jar"), Optional.of("rt.tar.gz")));

        assertThat(result.code()).isZero();
        assertThat(result.output()).isEqualTo("java " + sandbox.toRealPath().resolve(".tractorun/java-runtime/bin/java")
                + " " + JobCommand.BOOTSTRAP_JVM_OPTIONS
                + " -cp tractorun.jar ai.tracto.tractorun.job.BootstrapMain bootstrap.json\n");
    }

    @Test
    void saysInOneLineWhatTheImageLacksWhenItHasJavaElevenAndNoRuntimeWasShipped() throws Exception {
        shim(bin.resolve("java"), "openjdk version \"11.0.21\" 2023-10-17");

        Result result = run(JobCommand.render(List.of("tractorun.jar"), Optional.empty()));

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.output()).isEqualTo("tractorun: cannot start the job: the image has java 11 (Java 17 or"
                + " newer is needed) and no Java runtime was shipped with the job (the launcher could not build one"
                + " for Linux)\n");
    }

    @Test
    void saysInOneLineThatThereIsNoJavaAndNoTarToUnpackTheRuntime() throws Exception {
        Files.writeString(sandbox.resolve("rt.tar.gz"), "not used");

        Result result = run(JobCommand.render(List.of("tractorun.jar"), Optional.of("rt.tar.gz")), false);

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.output()).isEqualTo("tractorun: cannot start the job: the image has no java (Java 17 or"
                + " newer is needed) and no tar and gzip to unpack the shipped Java runtime\n");
    }

    @Test
    void readsOldStyleVersionStringsAsTheirMajorVersion() throws Exception {
        shim(bin.resolve("java"), "java version \"1.8.0_392\"");

        Result result = run(JobCommand.render(List.of("tractorun.jar"), Optional.empty()));

        assertThat(result.output()).startsWith("tractorun: cannot start the job: the image has java 8 ");
    }

    @Test
    void movesNestedCypressBindFilesIntoPlaceBeforeStartingTheBootstrap() throws Exception {
        shim(bin.resolve("java"), "openjdk version \"21.0.1\" 2023-10-17");
        Files.writeString(sandbox.resolve("tractorun_cypress_0"), "payload");
        for (String tool : List.of("dirname", "mv")) {
            Path real = Path.of("/bin", tool);
            Files.createSymbolicLink(bin.resolve(tool), Files.exists(real) ? real : Path.of("/usr/bin", tool));
        }

        Result result = run(JobCommand.render(List.of("tractorun.jar"), Optional.empty(),
                List.of(new JobCommand.Move("tractorun_cypress_0", "data/it's here/file.txt")), Optional.empty()));

        assertThat(result.code()).as(result.output()).isZero();
        assertThat(sandbox.resolve("data/it's here/file.txt")).hasContent("payload");
        assertThat(sandbox.resolve("tractorun_cypress_0")).doesNotExist();
    }

    @Test
    void aLocalJobPrefersTheLaunchersOwnJava(@TempDir Path launcherHome) throws Exception {
        shim(bin.resolve("java"), "openjdk version \"11.0.21\" 2023-10-17");
        Path launcherJava = launcherHome.resolve("java");
        shim(launcherJava, "openjdk version \"17.0.15\" 2025-04-15");

        Result result = run(JobCommand.render(List.of("tractorun.jar"), Optional.empty(), List.of(),
                Optional.of(launcherJava.toString())));

        assertThat(result.code()).isZero();
        assertThat(result.output())
                .startsWith("java " + launcherJava + " " + JobCommand.BOOTSTRAP_JVM_OPTIONS + " -cp tractorun.jar ");
    }

    @Test
    void writesTheConfigurationFromTheEnvironmentVerbatimAndKeepsItFromTheBootstrap() throws Exception {
        shim(bin.resolve("java"), "openjdk version \"17.0.2\"",
                "echo \"variable: ${" + JobCommand.CONFIG_VARIABLE + "-unset}\"");
        // What a shell could take for its own: quotes, a backslash, a format, a substitution, a newline.
        String config = "{\"command\":[\"echo\",\"it's \\\"$(id)\\\" 100%s \\\\n\"],\"ünï\":\"\n\"}";

        Result result = run(JobCommand.render(List.of("tractorun.jar"), Optional.empty()),
                Map.of(JobCommand.CONFIG_VARIABLE, config));

        assertThat(result.code()).as(result.output()).isZero();
        assertThat(result.output()).isEqualTo("variable: unset\n");
        assertThat(sandbox.resolve(JobCommand.BOOTSTRAP_FILE)).hasContent(config);
    }

    @Test
    void startsTheBootstrapUnderUtf8AndKeepsTheJobsLocaleForTheWorkers() throws Exception {
        localeReportingJava();
        String command = JobCommand.render(List.of("tractorun.jar"), Optional.empty());

        assertThat(run(command, Map.of()).output()).isEqualTo("C.UTF-8 \n");
        assertThat(run(command, Map.of("LC_ALL", "POSIX", "LANG", "en_US.UTF-8")).output())
                .isEqualTo("C.UTF-8 POSIX\n");
        assertThat(run(command, Map.of("LANG", "C.UTF-8")).output()).isEqualTo("unset unset\n");
        assertThat(run(command, Map.of("LC_CTYPE", "ru_RU.utf8")).output()).isEqualTo("unset unset\n");
        assertThat(run(command, Map.of("LC_ALL", "en_US.UTF-8")).output()).isEqualTo("en_US.UTF-8 unset\n");
    }

    @Test
    void setsTheBootstrapsLocaleInTheShellWhenTheImageHasNoEnv() throws Exception {
        localeReportingJava();
        String command = JobCommand.render(List.of("tractorun.jar"), Optional.empty());

        Result result = run(command, false, Map.of("LC_ALL", "C"));

        assertThat(result.output()).isEqualTo("C.UTF-8 C\n");
        assertThat(bin.resolve("env")).doesNotExist();
    }

    /** A java shim that prints the locale it was started under and the job's saved one. */
    private void localeReportingJava() throws IOException {
        shim(bin.resolve("java"), "openjdk version \"17.0.2\"",
                "echo \"${LC_ALL-unset} ${TRACTORUN_JOB_LC_ALL-unset}\"");
    }

    @Test
    void leavesAShippedConfigurationFileAsItIsWhenTheEnvironmentCarriesNone() throws Exception {
        shim(bin.resolve("java"), "openjdk version \"17.0.2\" 2022-01-18");
        Path shipped = Files.writeString(sandbox.resolve(JobCommand.BOOTSTRAP_FILE), "{\"shipped\":true}");
        Files.setPosixFilePermissions(shipped, PosixFilePermissions.fromString("r--r--r--"));

        Result result = run(JobCommand.render(List.of("tractorun.jar"), Optional.empty()));

        assertThat(result.code()).as(result.output()).isZero();
        assertThat(shipped).hasContent("{\"shipped\":true}");
    }

    @Test
    void refusesSandboxNamesThatCouldBreakOutOfTheirQuotes() {
        assertThatThrownBy(() -> JobCommand.render(List.of("a'b.jar"), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sandbox file name 'a'b.jar' must match [A-Za-z0-9._-]+");
    }

    /** A fake java: prints {@code version} for -version, else how it was called. */
    private static void shim(Path file, String version) throws IOException {
        shim(file, version, "echo \"java $0 $*\"");
    }

    /** A fake java: prints {@code version} for -version, else runs the shell line {@code body}. */
    private static void shim(Path file, String version, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\nif [ \"$1\" = -version ]; then echo '" + version + "' >&2; exit 0; fi\n"
                + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs the command with only the shims (and, when asked, the tools the prelude uses) on PATH. */
    private Result run(String command) throws Exception {
        return run(command, true);
    }

    private Result run(String command, boolean withTools) throws Exception {
        return run(command, withTools, Map.of());
    }

    private Result run(String command, Map<String, String> environment) throws Exception {
        return run(command, true, environment);
    }

    private Result run(String command, boolean withTools, Map<String, String> environment) throws Exception {
        for (String tool : withTools ? List.of("tar", "gzip", "mkdir", "env") : List.<String>of()) {
            Path real = Path.of("/bin", tool);
            Path link = bin.resolve(tool);
            if (Files.notExists(link, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, Files.exists(real) ? real : Path.of("/usr/bin", tool));
            }
        }
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command).directory(sandbox.toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", bin.toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
