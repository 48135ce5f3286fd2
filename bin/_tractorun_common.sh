# Shared by the bin/ scripts: builds target/tractorun.jar when it is missing or older than the
# sources, then runs a main class from it. Sourced, not executed.

TRACTORUN_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRACTORUN_JAR="$TRACTORUN_HOME/target/tractorun.jar"

tractorun_jar_is_stale() {
    [[ ! -f "$TRACTORUN_JAR" ]] && return 0
    [[ "$TRACTORUN_HOME/pom.xml" -nt "$TRACTORUN_JAR" ]] && return 0
    [[ -n "$(find "$TRACTORUN_HOME/src" -newer "$TRACTORUN_JAR" -print -quit 2>/dev/null)" ]]
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

# tractorun_exec MAIN_CLASS ARGS...: run MAIN_CLASS from the (fresh) jar, replacing this shell.
tractorun_exec() {
    local main_class="$1"
    shift
    tractorun_ensure_jar
    exec "${JAVA:-java}" ${TRACTORUN_JAVA_OPTS:-} -cp "$TRACTORUN_JAR" "$main_class" "$@"
}
