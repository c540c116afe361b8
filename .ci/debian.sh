# Sourced by the .ci install scripts: installs Debian packages when this machine can (apt-get, as root or
# with password-less sudo). `debian_install PKG...` returns non-zero when it cannot, so that the caller can
# stop with a message naming the missing piece and the command that installs it.
debian_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo -n true 2>/dev/null || return 1
    sudo=(sudo -n)
  fi
  printf '[debian] apt-get install %s\n' "$*" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "$@" </dev/null >&2 ||
    { "${sudo[@]}" apt-get update -q </dev/null >&2 && "${sudo[@]}" apt-get install -y -q --no-install-recommends "$@" </dev/null >&2; }
}
