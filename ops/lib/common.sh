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
