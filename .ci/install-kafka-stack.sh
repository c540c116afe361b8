#!/usr/bin/env bash
# Pre-fetches the local stack's artifacts (Kafka 4.1.1 jars and Apicurio Registry 3.3.3) from Maven Central
# into the tools cache, through the same code as `datamesh stack up` (`datamesh stack fetch`), so that the
# integration tests start the stack in seconds:
#   ${DATAMESH_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kafka-data-mesh/tools}/{kafka-4.1.1,apicurio-registry-3.3.3}
# Idempotent: a finished download leaves a marker file, and a second run returns at once without Maven.
# Progress goes to stderr; the last line on stdout is the tools folder.
# Needs Node with the project's dev dependencies (npm ci), Maven and a JDK; the registry needs Java 21+.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[install-kafka-stack] %s\n' "$*" >&2; }

command -v node >/dev/null 2>&1 || { log "node is required"; exit 1; }
[ -d node_modules/tsx ] || { log "run npm ci first (tsx runs the datamesh sources)"; exit 1; }

# The sources rather than dist/cli.js, which may not be built yet at this point of CI.
tools_dir="$(node --import tsx client/src/cli/main.ts stack fetch)"

# Starting the stack needs Java 17+ for Kafka and Java 21+ for Apicurio: say so now rather than in a test.
if ! node --import tsx -e '
  const { chooseJava } = require("./client/src/engines/stack/stackPrerequisites");
  chooseJava().then(
    (java) => console.error(`[install-kafka-stack] Java for Kafka: ${java.kafka.path} (${java.kafka.version}), for the registry: ${java.registry.path} (${java.registry.version})`),
    (error) => { console.error(`[install-kafka-stack] warning: ${error.message}`); process.exit(1); },
  );'; then
  log "warning: the integration tests will fail until a suitable JDK is installed"
fi

echo "$tools_dir"
