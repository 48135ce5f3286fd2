package ai.tracto.tractorun.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/tractorun} run by bash from a copy of the scripts in a home of its own, whose
 * {@code java} and {@code mvn} are shims that print what they were started with: the java command
 * line the script builds, the locale it gives the JVM, and when it rebuilds the jar.
 */
class StartScriptTest {
    private static final Path SCRIPTS = Path.of("bin").toAbsolutePath();

    @TempDir
    Path home;
    @TempDir
    Path tools;
    private Path jar;

    @BeforeEach
    void copyTheScriptsIntoAHomeWithAFreshJar() throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        for (String script : List.of("tractorun", "_tractorun_common.sh")) {
            Files.copy(SCRIPTS.resolve(script), bin.resolve(script), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.createDirectories(home.resolve("src/main/java"));
        Files.writeString(home.resolve("src/main/java/Main.java"), "class Main {}\n");
        Files.writeString(home.resolve("pom.xml"), "<project/>\n");
        setAge(home.resolve("src/main/java/Main.java"), 3600);
        setAge(home.resolve("src/main/java"), 3600);
        setAge(home.resolve("src/main"), 3600);
        setAge(home.resolve("pom.xml"), 3600);
        jar = Files.createDirectories(home.resolve("target")).resolve("tractorun.jar");
        Files.writeString(jar, "not a jar\n");
        executable(tools.resolve("java"), "for word in \"$@\"; do echo \"arg: $word\"; done\n"
                + "echo \"LC_CTYPE=${LC_CTYPE-unset} LC_ALL=${LC_ALL-unset} LANG=${LANG-unset}\"\n");
        executable(tools.resolve("mvn"), "echo built > target/tractorun.jar\n");
    }

    @Test
    void withoutAnyLocaleTheJvmGetsAUtf8CharacterTypeAndTheArgumentsReachItWhole() throws Exception {
        String output = run(Map.of(), "--dry-run", "python3", "мяу.py");

        assertThat(output).contains("LC_CTYPE=C.UTF-8 LC_ALL=unset LANG=unset")
                .contains("arg: мяу.py", "arg: --dry-run", "arg: ai.tracto.tractorun.cli.TractorunMain");
    }

    @Test
    void theCOrPosixLocaleGetsAUtf8CharacterTypeWhileLangStaysTheUsers() throws Exception {
        assertThat(run(Map.of("LANG", "C"), "x")).contains("LC_CTYPE=C.UTF-8 LC_ALL=unset LANG=C");
        assertThat(run(Map.of("LC_CTYPE", "POSIX"), "x")).contains("LC_CTYPE=C.UTF-8 LC_ALL=unset LANG=unset");
    }

    @Test
    void aUtf8LocaleAndAnLcAllSetByHandAreLeftAlone() throws Exception {
        assertThat(run(Map.of("LANG", "C.UTF-8"), "x")).contains("LC_CTYPE=unset LC_ALL=unset LANG=C.UTF-8");
        assertThat(run(Map.of("LC_ALL", "C"), "x")).contains("LC_CTYPE=unset LC_ALL=C LANG=unset");
    }

    @Test
    void theJarIsFoundFromAnyWorkingDirectoryHoweverTheScriptIsNamed() throws Exception {
        String classpath = "arg: " + jar;
        assertThat(run(home.resolve("bin/tractorun").toString(), tools, Map.of(), "x")).contains(classpath);
        assertThat(run("bin/tractorun", home, Map.of(), "x")).contains(classpath);
        assertThat(run("./bin/../bin/./tractorun", home, Map.of(), "x")).contains(classpath);
        assertThat(run("./tractorun", home.resolve("bin"), Map.of(), "x")).contains(classpath);
    }

    @Test
    void theJarIsUsedAsItIsWhileNoSourceIsNewer() throws Exception {
        assertThat(run(Map.of(), "x")).doesNotContain("building").contains("arg: x");
    }

    @Test
    void aSourceFileNewerThanTheJarRebuildsIt() throws Exception {
        Files.writeString(home.resolve("src/main/java/Main.java"), "class Main { }\n");
        setAge(home.resolve("src/main/java/Main.java"), -60);

        assertThat(run(Map.of(), "x")).contains("building " + jar).contains("arg: x");
        assertThat(Files.readString(jar)).isEqualTo("built\n");
    }

    @Test
    void aFileAddedUnderTheSourcesRebuildsTheJar() throws Exception {
        Files.createDirectories(home.resolve("src/main/resources"));
        setAge(home.resolve("src/main/resources"), -60);

        assertThat(run(Map.of(), "x")).contains("building " + jar);
    }

    private String run(Map<String, String> environment, String... args) throws Exception {
        return run(home.resolve("bin/tractorun").toString(), home, environment, args);
    }

    /** Runs the script as {@code script} from {@code directory}, with the shims first on PATH and no locale but {@code environment}. */
    private String run(String script, Path directory, Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/bin/bash", script));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        Map<String, String> env = new HashMap<>(environment);
        env.put("PATH", tools + ":/usr/bin:/bin");
        env.put("TRACTORUN_NO_CDS", "1");
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static void executable(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/bash\n" + body, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Sets the modification time {@code seconds} into the past (negative: into the future). */
    private static void setAge(Path file, long seconds) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(seconds)));
    }
}
