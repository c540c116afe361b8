#!/usr/bin/env bash
# Installs the reference implementation the differential tests (test/differential) compare against:
# Apache Avro's Java library and its runtime dependencies (jackson-*, commons-compress, slf4j-api),
# fetched from Maven Central into a cache folder outside the repository:
#   ${DATAMESH_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kafka-data-mesh/tools}/avro-<version>/lib/*.jar
# Idempotent: a finished install leaves a marker file, and a second run returns at once.
# Progress goes to stderr; the last line on stdout is the folder, so
#   dir="$(bash .ci/install-avro-reference.sh)"
# works. Needs Java 17+ (javac) and Maven, which it installs from Debian when they are missing and it can;
# runs without standard input (CI=true).
set -euo pipefail
source "$(dirname "$0")/debian.sh"

# The first version that Maven serves wins; 1.12.1 is the one the tests were written against.
AVRO_VERSIONS=(${DATAMESH_AVRO_VERSION:-1.12.1 1.12.0 1.12.2})
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
TOOLS_DIR="${DATAMESH_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kafka-data-mesh/tools}"
MARKER_NAME=.datamesh-avro-reference-installed

log() { printf '[install-avro-reference] %s\n' "$*" >&2; }

for version in "${AVRO_VERSIONS[@]}"; do
  if [ -f "$TOOLS_DIR/avro-$version/$MARKER_NAME" ]; then
    log "avro $version already installed"
    echo "$TOOLS_DIR/avro-$version"
    exit 0
  fi
done

command -v javac >/dev/null 2>&1 || debian_install openjdk-17-jdk-headless ||
  { log "javac is required: install a JDK 17 or later (apt-get install openjdk-17-jdk-headless)"; exit 1; }
command -v mvn >/dev/null 2>&1 || debian_install maven || { log "mvn is required: install Maven (apt-get install maven)"; exit 1; }

mkdir -p "$TOOLS_DIR"
# One installer at a time per tools folder.
exec 9>"$TOOLS_DIR/.install-avro.lock"
if command -v flock >/dev/null 2>&1; then
  flock -w 600 9 || { log "timed out waiting for another install to finish"; exit 1; }
fi

for version in "${AVRO_VERSIONS[@]}"; do
  DEST="$TOOLS_DIR/avro-$version"
  if [ -f "$DEST/$MARKER_NAME" ]; then
    log "avro $version installed by a concurrent run"
    echo "$DEST"
    exit 0
  fi
  # Stage, then move into place only when complete, so an interrupted run never looks finished.
  STAGE="$TOOLS_DIR/.staging-avro-$version"
  rm -rf "$STAGE"
  mkdir -p "$STAGE"
  cat > "$STAGE/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>kafka-data-mesh</groupId>
  <artifactId>avro-reference</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.avro</groupId>
      <artifactId>avro</artifactId>
      <version>$version</version>
    </dependency>
  </dependencies>
</project>
POM
  log "fetching org.apache.avro:avro:$version and its runtime dependencies"
  if (cd "$STAGE" && mvn -B -q -Dstyle.color=never "$DEPENDENCY_PLUGIN:copy-dependencies" \
        -DincludeScope=runtime -DoutputDirectory="$STAGE/lib" </dev/null >&2) \
     && ls "$STAGE/lib/avro-$version.jar" >/dev/null 2>&1; then
    printf 'avro %s installed %s\n' "$version" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$STAGE/$MARKER_NAME"
    rm -rf "$DEST"
    mv "$STAGE" "$DEST"
    log "done: $(ls "$DEST/lib" | tr '\n' ' ')"
    echo "$DEST"
    exit 0
  fi
  log "avro $version could not be fetched"
  rm -rf "$STAGE"
done
log "no Avro version could be fetched (tried ${AVRO_VERSIONS[*]})"
exit 1
