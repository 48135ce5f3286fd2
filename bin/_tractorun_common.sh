# Shared by the bin/ scripts: builds target/tractorun.jar when it is missing or older than the
# sources, then runs a main class from it. Sourced, not executed.

# Every start runs this file, and every process it starts (a subshell, dirname, find) costs the
# start a few milliseconds: the shell's own expansions, globs and tests do the work instead.

# tractorun_home: sets TRACTORUN_HOME, the absolute path of the directory above bin/. The bin/
# scripts source this file by a path with a directory in it; only a path with ".." or "//" in it
# is left to cd and pwd to resolve.
tractorun_home() {
    local bin_dir="${BASH_SOURCE[0]%/*}"
    [[ "$bin_dir" == /* ]] || bin_dir="${PWD%/}/$bin_dir"
    while [[ "$bin_dir" == */./* ]]; do
        bin_dir="${bin_dir//\/.\//\/}"
    done
    bin_dir="${bin_dir%/.}"
    if [[ "$bin_dir" == *..* || "$bin_dir" == *//* ]]; then
        TRACTORUN_HOME="$(cd "${BASH_SOURCE[0]%/*}/.." && pwd)"
    else
        TRACTORUN_HOME="${bin_dir%/*}"
    fi
}
tractorun_home
TRACTORUN_JAR="$TRACTORUN_HOME/target/tractorun.jar"

tractorun_jar_is_stale() {
    [[ ! -f "$TRACTORUN_JAR" ]] && return 0
    [[ "$TRACTORUN_HOME/pom.xml" -nt "$TRACTORUN_JAR" ]] && return 0
    # Only the main sources and resources go into the jar: is any of them (or a directory, which
    # changes when a file is added or removed) newer than it?
    local option path stale=1 unset_after=()
    for option in globstar nullglob dotglob; do
        shopt -q "$option" || unset_after+=("$option")
    done
    shopt -s globstar nullglob dotglob
    for path in "$TRACTORUN_HOME"/src/main/**; do
        if [[ "$path" -nt "$TRACTORUN_JAR" ]]; then
            stale=0
            break
        fi
    done
    # The options go back as they were: the java command line below is word-split and globbed.
    [[ ${#unset_after[@]} -eq 0 ]] || shopt -u "${unset_after[@]}"
    return "$stale"
}

tractorun_build_jar() {
    if ! command -v mvn >/dev/null 2>&1; then
        echo "tractorun: Maven (mvn) is needed to build $TRACTORUN_JAR on first use" >&2
        exit 1
    fi
    echo "tractorun: building $TRACTORUN_JAR (first use or sources changed)..." >&2
    local log
    log="$(mktemp)"
    # Maven's output only matters when the build fails; keep the terminal clean otherwise.
    if ! (cd "$TRACTORUN_HOME" && mvn -q -B -DskipTests package >"$log" 2>&1); then
        cat "$log" >&2
        rm -f "$log"
        echo "tractorun: build failed; run 'mvn -B -DskipTests package' in $TRACTORUN_HOME to see why" >&2
        exit 1
    fi
    rm -f "$log"
}

# tractorun_ensure_jar: build $TRACTORUN_JAR unless it is fresh.
tractorun_ensure_jar() {
    if tractorun_jar_is_stale; then
        # Several scripts may start at once on a fresh clone: one builds, the others wait for it.
        mkdir -p "$TRACTORUN_HOME/target"
        if command -v flock >/dev/null 2>&1; then
            exec 9>"$TRACTORUN_HOME/target/.build.lock"
            flock 9
        fi
        if tractorun_jar_is_stale; then
            tractorun_build_jar
        fi
        exec 9>&-
    fi
}

# The launcher is a short-lived client (and, with --local, a small server): the client compiler
# alone starts it sooner and leaves the CPU to the workers it launches; C2's compiler threads would
# spend more CPU than the whole run saves. G1 stays the collector: only under G1 does the JVM map
# the heap objects of the class data archive below (the module graph, interned strings), which
# starts the launcher sooner than a lighter collector without them. One compiler thread: on a
# small machine a second one competes with the bootstrap and the workers the launcher starts (a
# local run measured 30-60 ms sooner with one). No perf data file
# (-XX:-UsePerfData): nothing reads it, and making it costs every start a few milliseconds. A young
# generation of at least 64 MiB (-XX:NewSize): a short local run allocates 35-40 MiB, and with
# G1's default (5% of the initial heap, 17-19 MiB here) its first collection fell while the job's
# bootstrap was starting: a 15-50 ms pause of the cluster that the bootstrap waits on, on both cores.
TRACTORUN_JVM_OPTIONS="-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData -XX:NewSize=64m"

# Class data sharing: the classes a local run loads, recorded once per build into
# $TRACTORUN_CDS_ARCHIVE, are then mapped by every start instead of being loaded and verified
# again (the launcher starts several hundred milliseconds sooner). A static archive, not one
# recorded at exit: Java 17 leaves the old class files of some libraries (picocli) out of the
# latter. Recording runs one tiny job on a throw-away local cluster to list the classes, then
# dumps them; when it cannot, tractorun simply starts without the archive.
TRACTORUN_CDS_ARCHIVE="$TRACTORUN_HOME/target/tractorun.jsa"

tractorun_cds_archive_is_fresh() {
    [[ -f "$TRACTORUN_CDS_ARCHIVE" && "$TRACTORUN_CDS_ARCHIVE" -nt "$TRACTORUN_JAR" ]]
}

tractorun_record_cds_archive() {
    local scratch
    scratch="$(mktemp -d)" || return 0
    # Written under a private name and moved into place: a concurrent start never maps half a file.
    TRACTORUN_LOCAL_ROOT="$scratch/root" TRACTORUN_CACHE_DIR="$scratch/cache" \
        "${JAVA:-java}" $TRACTORUN_JVM_OPTIONS -XX:DumpLoadedClassList="$scratch/classes.txt" \
        -cp "$TRACTORUN_JAR" ai.tracto.tractorun.cli.TractorunMain --local --mesh.process-per-node 2 true \
        </dev/null >/dev/null 2>&1 \
        && "${JAVA:-java}" $TRACTORUN_JVM_OPTIONS -Xshare:dump -XX:SharedClassListFile="$scratch/classes.txt" \
            -XX:SharedArchiveFile="$scratch/tractorun.jsa" -cp "$TRACTORUN_JAR" </dev/null >/dev/null 2>&1 \
        && [[ -s "$scratch/tractorun.jsa" ]] && mv -f "$scratch/tractorun.jsa" "$TRACTORUN_CDS_ARCHIVE"
    rm -rf "$scratch"
}

# tractorun_ensure_cds_archive: record the archive unless it is fresh (skipped with TRACTORUN_NO_CDS=1).
tractorun_ensure_cds_archive() {
    [[ "${TRACTORUN_NO_CDS:-0}" == 1 ]] && return 0
    tractorun_cds_archive_is_fresh && return 0
    if command -v flock >/dev/null 2>&1; then
        exec 8>"$TRACTORUN_HOME/target/.cds.lock"
        flock 8
    fi
    tractorun_cds_archive_is_fresh || tractorun_record_cds_archive
    exec 8>&-
}

# tractorun_cds_options: sets TRACTORUN_CDS_OPTIONS (an array) to the archive's JVM options, if any.
tractorun_cds_options() {
    TRACTORUN_CDS_OPTIONS=()
    if [[ "${TRACTORUN_NO_CDS:-0}" != 1 ]] && tractorun_cds_archive_is_fresh; then
        # Quiet: a stale or foreign archive only means a slower start, never a failure.
        TRACTORUN_CDS_OPTIONS=("-XX:SharedArchiveFile=$TRACTORUN_CDS_ARCHIVE" -Xlog:cds=off)
    fi
}

# tractorun_locale_words: sets TRACTORUN_LOCALE_WORDS (an array) to the words that start java with
# LC_CTYPE=C.UTF-8 when this shell's character type is not UTF-8 (no locale set, C or POSIX) and
# LC_ALL is not set: the JVM reads its arguments and file names in the locale's encoding, and
# under C it turns every non-ASCII character into '?'. Python does the same (PEP 538), and an
# LC_ALL set by hand wins there too. Through env, as a shell that assigns a locale itself warns
# where the system lacks it; java then simply keeps C. Only LC_CTYPE changes, so the messages,
# and the LANG and LC_ALL that local jobs inherit, stay the user's.
tractorun_locale_words() {
    TRACTORUN_LOCALE_WORDS=()
    # One character in a UTF-8 locale; the escape itself, or its bytes, in any other.
    local probe=$'\u00e9'
    if [[ ${#probe} -ne 1 && -z "${LC_ALL:-}" ]] && command -v env >/dev/null 2>&1; then
        TRACTORUN_LOCALE_WORDS=(env LC_CTYPE=C.UTF-8)
    fi
}

# tractorun_exec MAIN_CLASS ARGS...: run MAIN_CLASS from the (fresh) jar, replacing this shell.
tractorun_exec() {
    local main_class="$1"
    shift
    tractorun_ensure_jar
    tractorun_ensure_cds_archive
    tractorun_cds_options
    tractorun_locale_words
    # shellcheck disable=SC2086 # the options are words on purpose
    exec ${TRACTORUN_LOCALE_WORDS[@]+"${TRACTORUN_LOCALE_WORDS[@]}"} "${JAVA:-java}" $TRACTORUN_JVM_OPTIONS ${TRACTORUN_CDS_OPTIONS[@]+"${TRACTORUN_CDS_OPTIONS[@]}"} ${TRACTORUN_JAVA_OPTS:-} -cp "$TRACTORUN_JAR" "$main_class" "$@"
}
