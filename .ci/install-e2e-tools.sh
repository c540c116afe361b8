#!/usr/bin/env bash
# Installs what the end-to-end tests (test/e2e) need: Debian's Chromium and ripgrep, and
# code-server 4.99.4 (VS Code 1.99.3 on Node 20) in a cache folder outside the repository:
#   ${DATAMESH_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kafka-data-mesh/tools}/code-server-4.99.4
# Idempotent: a finished install leaves a marker file, and a second run returns at once.
# Progress goes to stderr; the last line on stdout is the code-server folder, so
#   dir="$(bash .ci/install-e2e-tools.sh)"
# works. Runs as root, without standard input (CI=true).
#
# Why the steps below: code-server's own postinstall fails offline. It downloads ripgrep
# from GitHub (we use Debian's instead), needs the Kerberos headers to build `kerberos`,
# and node-pty's build runs `npx node-gyp`, which needs npm_config_yes.
set -euo pipefail

CODE_SERVER_VERSION=4.99.4
TOOLS_DIR="${DATAMESH_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kafka-data-mesh/tools}"
DEST="$TOOLS_DIR/code-server-$CODE_SERVER_VERSION"
MARKER="$DEST/.datamesh-e2e-tools-installed"
APT_PACKAGES=(libkrb5-dev ripgrep chromium)

log() { printf '[install-e2e-tools] %s\n' "$*" >&2; }

export DEBIAN_FRONTEND=noninteractive
export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

# --- Debian packages ---------------------------------------------------------------------
missing_apt_packages() {
  local pkg missing=()
  for pkg in "$@"; do
    if [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]; then
      missing+=("$pkg")
    fi
  done
  echo "${missing[@]:-}"
}

apt_install() {
  local missing
  missing="$(missing_apt_packages "$@")"
  [ -z "$missing" ] && return 0
  log "apt-get install $missing"
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo -n)
  # shellcheck disable=SC2086
  if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends $missing </dev/null >&2; then
    log "apt-get install failed; running apt-get update and retrying"
    "${sudo[@]}" apt-get update -q </dev/null >&2
    # shellcheck disable=SC2086
    "${sudo[@]}" apt-get install -y -q --no-install-recommends $missing </dev/null >&2
  fi
}

needed=("${APT_PACKAGES[@]}")
# The native modules are compiled from source; a minimal machine may lack a compiler.
command -v make >/dev/null 2>&1 || needed+=(make)
command -v g++ >/dev/null 2>&1 || needed+=(g++)
command -v python3 >/dev/null 2>&1 || needed+=(python3)
apt_install "${needed[@]}"

if [ -f "$MARKER" ]; then
  log "code-server $CODE_SERVER_VERSION already installed"
  echo "$DEST"
  exit 0
fi

# --- code-server -------------------------------------------------------------------------
command -v node >/dev/null 2>&1 || { log "node is required"; exit 1; }
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" != 20 ]; then
  log "warning: code-server $CODE_SERVER_VERSION expects Node 20, this is Node $(node -v)"
fi
# node-gyp must not download Node's headers (no network for that): use the local ones.
if [ -z "${npm_config_nodedir:-}" ]; then
  node_prefix="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
  if [ -f "$node_prefix/include/node/node.h" ]; then
    export npm_config_nodedir="$node_prefix"
  fi
fi

mkdir -p "$TOOLS_DIR"
# One installer at a time per tools folder.
exec 9>"$TOOLS_DIR/.install.lock"
if command -v flock >/dev/null 2>&1; then
  flock -w 1800 9 || { log "timed out waiting for another install to finish"; exit 1; }
  if [ -f "$MARKER" ]; then
    log "code-server $CODE_SERVER_VERSION installed by a concurrent run"
    echo "$DEST"
    exit 0
  fi
fi

# Build in a staging folder and move it into place only when complete, so an interrupted
# run never leaves a half-installed folder that looks finished.
STAGE="$TOOLS_DIR/.staging-code-server-$CODE_SERVER_VERSION"
rm -rf "$STAGE" "$DEST"
mkdir -p "$STAGE"
trap 'rm -rf "$STAGE"' EXIT
start=$(date +%s)

cd "$STAGE"
printf '{"name":"datamesh-e2e-tools","private":true}\n' > package.json
log "npm install code-server@$CODE_SERVER_VERSION (scripts disabled)"
npm install --ignore-scripts --no-audit --no-fund --no-save --loglevel=error \
  "code-server@$CODE_SERVER_VERSION" </dev/null >&2

cd "$STAGE/node_modules/code-server/lib/vscode"
log "npm install VS Code's production dependencies"
npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error </dev/null >&2
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
log "npm rebuild the native modules"
npm rebuild --loglevel=error kerberos @parcel/watcher @vscode/spdlog node-pty native-watchdog @vscode/deviceid </dev/null >&2
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
log "npm install the built-in extensions' dependencies"
(cd extensions && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error </dev/null >&2)

cd "$STAGE"
log "npm rebuild argon2"
npm rebuild --loglevel=error argon2 </dev/null >&2

# Smoke check: the entry point answers --version.
node "$STAGE/node_modules/code-server/out/node/entry.js" --version </dev/null >&2

printf 'code-server %s installed %s\n' "$CODE_SERVER_VERSION" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  > "$STAGE/.datamesh-e2e-tools-installed"
mv "$STAGE" "$DEST"
trap - EXIT
log "done in $(( $(date +%s) - start )) s"
echo "$DEST"
