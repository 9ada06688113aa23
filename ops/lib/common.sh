# Shared helpers of the ops/ scripts. Source it; do not run it.
# Every default can be overridden by the environment (see README.md, "Configuration").

HUBDEX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export HUBDEX_ROOT
: "${HUBDEX_HOME:=$HUBDEX_ROOT/.hubdex}"
export HUBDEX_HOME

hubdex_log() { printf '[hubdex] %s\n' "$*" >&2; }
hubdex_die() { printf '[hubdex] error: %s\n' "$*" >&2; exit "${2:-2}"; }

# The Java major version of the `java` on PATH (or $JAVA_HOME), or 0 if there is none.
hubdex_java_major() {
  local java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  command -v "$java" >/dev/null 2>&1 || { echo 0; return; }
  "$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

# Installs Debian packages when we may (root with apt-get), else says exactly what is missing.
hubdex_apt_install() {
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    hubdex_log "installing Debian packages: $*"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >/dev/null 2>&1; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >/dev/null \
        || hubdex_die "apt-get could not install: $*"
    fi
  else
    hubdex_die "missing: $* (install them with: sudo apt-get install $*)"
  fi
}

# Java 17+ and Maven: what every build and run needs.
hubdex_require_toolchain() {
  local major; major="$(hubdex_java_major)"
  if [ "${major:-0}" -lt 17 ]; then
    hubdex_apt_install openjdk-17-jdk-headless
    major="$(hubdex_java_major)"
    [ "${major:-0}" -ge 17 ] || hubdex_die "Java 17 or newer is required (found: ${major:-none}); set JAVA_HOME to a JDK 17+"
  fi
  command -v mvn >/dev/null 2>&1 || hubdex_apt_install maven
}

# Maven, batch mode, quiet about downloads. HUBDEX_MAVEN_ARGS adds arguments (e.g. -o).
hubdex_mvn() {
  # shellcheck disable=SC2086
  (cd "$HUBDEX_ROOT" && mvn -B -ntp ${HUBDEX_MAVEN_ARGS:-} "$@")
}

# The first module source or POM newer than file $1, if any. One walk of the repository that does not
# descend into build outputs, data ($HUBDEX_HOME may hold a zoo of thousands of folders) or .git.
hubdex_newer_sources() {
  find "$HUBDEX_ROOT" \( -name target -o -name .hubdex -o -name .git -o -path "$HUBDEX_HOME" \) -prune -o \
    \( -path '*/src/main/*' -o -name pom.xml \) -type f -newer "$1" -print -quit
}

# Runs a module's main class on its runtime classpath, building the module (and what it depends on)
# first when its classes or classpath file are missing or older than any module source.
#   hubdex_run_main <module dir, relative to the repo> <main class> [java options...] -- [program args...]
# HUBDEX_JAVA_OPTS adds JVM options (e.g. -Xmx2g). DJL always runs offline and without tracking.
hubdex_run_main() {
  local module="$1" main="$2"; shift 2
  local jvm=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do jvm+=("$1"); shift; done
  [ "${1:-}" = "--" ] && shift
  local dir="$HUBDEX_ROOT/$module" cpfile="$HUBDEX_ROOT/$module/target/runtime.classpath"
  if [ ! -f "$cpfile" ] || [ ! -d "$dir/target/classes" ] \
     || [ -n "$(hubdex_newer_sources "$cpfile")" ]; then
    hubdex_require_toolchain
    hubdex_log "building $module (mvn install -DskipTests -pl $module -am)"
    { hubdex_mvn -q -o install -DskipTests -pl "$module" -am \
        || { hubdex_log "offline build failed; retrying online"; hubdex_mvn -q install -DskipTests -pl "$module" -am; }; } \
      || hubdex_die "building $module failed"
    hubdex_mvn -q -o dependency:build-classpath -pl "$module" -Dmdep.includeScope=runtime -Dmdep.outputFile="$cpfile" \
      || hubdex_mvn -q dependency:build-classpath -pl "$module" -Dmdep.includeScope=runtime -Dmdep.outputFile="$cpfile" \
      || hubdex_die "could not resolve the runtime classpath of $module"
  fi
  local java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  export OPT_OUT_TRACKING=true DJL_OFFLINE=true
  # shellcheck disable=SC2086
  exec "$java" ${HUBDEX_JAVA_OPTS:-} -Dai.djl.offline=true -Dhubdex.repo.root="$HUBDEX_ROOT" \
    -Dlog4j2.configurationFile="${HUBDEX_LOG4J2_CONFIG:-$HUBDEX_ROOT/ops/lib/log4j2.xml}" "${jvm[@]}" \
    -cp "$dir/target/classes:$(cat "$cpfile")" "$main" "$@"
}

# Background services started by ops/run (local hub, crawler, ...): one PID file and one log each,
# under $HUBDEX_HOME/run and $HUBDEX_HOME/logs. A PID file is trusted only while /proc/<pid>/cmdline
# still contains the service's marker (its main class), so a reused PID is never signalled.
#   hubdex_service_start <name> <marker> <command...>   start detached unless already running
#   hubdex_service_running <name> <marker>              exit 0 when it runs
#   hubdex_service_stop <name> <marker>                 SIGTERM, then SIGKILL after 20 s
hubdex_service_pid() { cat "$HUBDEX_HOME/run/$1.pid" 2>/dev/null || true; }
hubdex_service_running() {
  local pid; pid="$(hubdex_service_pid "$1")"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "$2"
}
hubdex_service_start() {
  local name="$1" marker="$2"; shift 2
  mkdir -p "$HUBDEX_HOME/run" "$HUBDEX_HOME/logs"
  if hubdex_service_running "$name" "$marker"; then
    hubdex_log "$name already running (pid $(hubdex_service_pid "$name"))"
    return 0
  fi
  setsid nohup "$@" >>"$HUBDEX_HOME/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$HUBDEX_HOME/run/$name.pid"
  hubdex_log "$name started (pid $!, log $HUBDEX_HOME/logs/$name.log)"
}
hubdex_service_stop() {
  local name="$1" marker="$2" pid i
  pid="$(hubdex_service_pid "$name")"
  if hubdex_service_running "$name" "$marker"; then
    # the service may be a wrapper script that exec'd java: the PID is the JVM's
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 40); do hubdex_service_running "$name" "$marker" || break; sleep 0.5; done
    hubdex_service_running "$name" "$marker" && kill -KILL "$pid" 2>/dev/null || true
    hubdex_log "$name stopped"
  fi
  rm -f "$HUBDEX_HOME/run/$name.pid"
}
