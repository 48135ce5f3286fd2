# tractorun job prelude (POSIX sh): write the bootstrap's configuration, find a Java 17+ runtime,
# then start the bootstrap.
# The bootstrap's configuration comes in the environment unless the launcher shipped it as a file:
# it goes to bootstrap.json, and out of the environment that the bootstrap and the workers inherit.
if [ -n "${TRACTORUN_BOOTSTRAP_CONFIG+set}" ]; then
  printf '%s' "$TRACTORUN_BOOTSTRAP_CONFIG" > bootstrap.json || exit 1
  unset TRACTORUN_BOOTSTRAP_CONFIG
fi
# Order: the launcher's own java (local runs only: same host), $JAVA_HOME/bin/java, java on PATH,
# then the runtime shipped by the launcher.
tractorun_java_major() {
  tractorun_v=$("$1" -version 2>&1 | { IFS= read -r tractorun_line; printf '%s' "$tractorun_line"; })
  case "$tractorun_v" in *'"'*) ;; *) return 1 ;; esac
  tractorun_v=${tractorun_v#*\"}
  tractorun_v=${tractorun_v%%\"*}
  case "$tractorun_v" in 1.*) tractorun_v=${tractorun_v#1.} ;; esac
  tractorun_v=${tractorun_v%%[!0-9]*}
  [ -n "$tractorun_v" ] || return 1
  printf '%s' "$tractorun_v"
}
tractorun_java=
tractorun_seen="no java"
# The launcher's own java runs the launcher, so it is new enough: no probe (a whole JVM start).
tractorun_launcher_java=@LAUNCHER_JAVA@
if [ -n "$tractorun_launcher_java" ] && [ -x "$tractorun_launcher_java" ]; then
  tractorun_java=$tractorun_launcher_java
fi
# Probed only without the launcher's java: the list below costs a subshell to build.
if [ -z "$tractorun_java" ]; then
  for tractorun_candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java 2>/dev/null)"; do
    [ -n "$tractorun_candidate" ] && [ -x "$tractorun_candidate" ] || continue
    tractorun_major=$(tractorun_java_major "$tractorun_candidate") || continue
    if [ "$tractorun_major" -ge 17 ]; then tractorun_java=$tractorun_candidate; break; fi
    tractorun_seen="java $tractorun_major"
  done
fi
if [ -z "$tractorun_java" ]; then
  tractorun_runtime='@RUNTIME_ARCHIVE@'
  if [ -z "$tractorun_runtime" ] || [ ! -f "$tractorun_runtime" ]; then
    tractorun_why="no Java runtime was shipped with the job (the launcher could not build one for Linux)"
  elif ! command -v tar >/dev/null 2>&1 || ! command -v gzip >/dev/null 2>&1; then
    tractorun_why="no tar and gzip to unpack the shipped Java runtime"
  else
    mkdir -p .tractorun/java-runtime && tar -xzf "$tractorun_runtime" -C .tractorun/java-runtime 2>/dev/null
    tractorun_major=$(tractorun_java_major .tractorun/java-runtime/bin/java) || tractorun_major=0
    if [ "$tractorun_major" -ge 17 ]; then
      tractorun_java=$PWD/.tractorun/java-runtime/bin/java
    else
      tractorun_why="the shipped Java runtime does not run on this machine (built for another platform)"
    fi
  fi
  if [ -z "$tractorun_java" ]; then
    echo "tractorun: cannot start the job: the image has $tractorun_seen (Java 17 or newer is needed) and $tractorun_why" >&2
    exit 1
  fi
fi
# The bootstrap is a JVM: under a locale that is not UTF-8 it would turn every other character of
# file names and of the workers' arguments and environment into '?'. So it runs under C.UTF-8
# then, and gives the workers the job's own LC_ALL back (TRACTORUN_JOB_LC_ALL). Set through env
# where there is one: a shell that assigns LC_ALL itself warns where the image lacks that locale.
tractorun_locale=
case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
  *[Uu][Tt][Ff]-8*|*[Uu][Tt][Ff]8*) ;;
  *)
    TRACTORUN_JOB_LC_ALL=${LC_ALL-}
    export TRACTORUN_JOB_LC_ALL
    if command -v env >/dev/null 2>&1; then
      tractorun_locale="env LC_ALL=C.UTF-8"
    else
      LC_ALL=C.UTF-8
      export LC_ALL
    fi
    ;;
esac
