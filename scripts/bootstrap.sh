#!/usr/bin/env bash
# Installs the Debian packages ciprov needs, only those that are missing,
# and any named as arguments (make memcheck: valgrind). Everything comes
# from Debian's archive; nothing is downloaded otherwise.
source "$(dirname "$0")/lib.sh"

PACKAGES=(
  postgresql-15 postgresql-server-dev-15
  g++ make cmake pkg-config
  nlohmann-json3-dev libre2-dev libgtest-dev googletest libbenchmark-dev
  clang-14 libclang-rt-14-dev
  unzip python3
  "$@"
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Debian starts a system cluster on install; ciprov never uses it.
id postgres >/dev/null 2>&1 || die "the postgres account is missing (postgresql-15 creates it)"
