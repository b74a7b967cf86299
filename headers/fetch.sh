#!/usr/bin/env bash
# Fetches the pinned packages named by headers/*.pin into the ignored cache .cache/,
# checks each sha256 and unpacks only the folders the pin names. Nothing is installed.
#   kind=deb    a Debian package, downloaded with a private apt configuration (Debian's newer suites)
#   kind=wheel  a PyPI wheel (a zip), downloaded with pip for the wheel's own platform tags; only its
#               native files are needed, so it is unpacked, never installed
#   headers/fetch.sh            fetch every pin
#   headers/fetch.sh NAME...    fetch headers/NAME.pin only
# A pin whose unpacked folder exists with a matching stamp is skipped.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/.cache"
mkdir -p "$cache/downloads"

die() { echo "headers/fetch.sh: $*" >&2; exit 1; }

# Private apt configuration: Debian's newer suites, without touching the system's sources or state.
apt_dir="$cache/apt"
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
          -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::State::Status=$apt_dir/status"
          -o "Dir::Cache=$apt_dir/cache" -o "APT::Sandbox::User=root" -o "Debug::NoLocking=1")
apt_ready=""
apt_setup() {
  [ -n "$apt_ready" ] && return
  command -v apt-get >/dev/null || die "apt-get not found: the pinned headers and test data come from Debian packages"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
  touch "$apt_dir/status"
  cat > "$apt_dir/sources.list" <<SRC
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian testing main
SRC
  apt-get "${apt_opts[@]}" -qq update >/dev/null || die "apt-get update with the private configuration in $apt_dir failed"
  apt_ready=1
}

fetch_deb() { # name package version arch sha256 -> path of the verified .deb
  local name=$1 package=$2 version=$3 arch=$4 sha=$5
  local file="$cache/downloads/${package}_${version//:/%3a}_${arch}.deb"
  if [ ! -f "$file" ] || ! echo "$sha  $file" | sha256sum -c --status; then
    apt_setup
    (cd "$cache/downloads" && apt-get "${apt_opts[@]}" -qq download "$package=$version" >/dev/null 2>&1) \
      || die "$package=$version is not in Debian sid/testing any more: pick the version they carry now ('apt-cache policy $package' with the private config in $apt_dir) and update headers/$name.pin (version and sha256)"
  fi
  echo "$sha  $file" | sha256sum -c --status \
    || die "sha256 of $file does not match headers/$name.pin ($sha): the package changed; check it and update the pin"
  echo "$file"
}

fetch_wheel() { # name package version file sha256 -> path of the verified .whl
  local name=$1 package=$2 version=$3 file=$4 sha=$5
  local path="$cache/downloads/$file"
  if [ ! -f "$path" ] || ! echo "$sha  $path" | sha256sum -c --status; then
    command -v pip >/dev/null || command -v pip3 >/dev/null || die "pip not found: $package comes from PyPI"
    # Tags from the file name (name-version[-build]-python-abi-platform.whl) select exactly that wheel.
    local tags python abi platform pyver p
    tags=${file%.whl}; platform=${tags##*-}; tags=${tags%-*}; abi=${tags##*-}; tags=${tags%-*}; python=${tags##*-}
    pyver=${python#cp}; pyver=${pyver#py}; pyver=${pyver:0:1}.${pyver:1}; pyver=${pyver%.}
    local args=(download --no-deps --only-binary=:all: --ignore-requires-python --python-version "$pyver" -d "$cache/downloads")
    # A compressed tag set (manylinux_2_27_x86_64.manylinux_2_28_x86_64) names several platforms.
    for p in ${platform//./ }; do args+=(--platform "$p"); done
    [ "$abi" != none ] && args+=(--abi "$abi")
    "$(command -v pip || command -v pip3)" "${args[@]}" "$package==$version" >/dev/null 2>&1 \
      || die "pip could not download $package==$version ($file) from PyPI: check the network or update headers/$name.pin"
    [ -f "$path" ] || die "pip downloaded $package==$version but not $file: update 'file' in headers/$name.pin"
  fi
  echo "$sha  $path" | sha256sum -c --status \
    || die "sha256 of $path does not match headers/$name.pin ($sha): the wheel changed; check it and update the pin"
  echo "$path"
}

fetch_pin() {
  local pin=$1 name kind package version arch file sha256 extract dest
  name=$(basename "$pin" .pin)
  kind= package= version= arch= file= sha256= extract= dest=
  while IFS='=' read -r k v; do
    case "$k" in kind|package|version|arch|file|sha256|extract|dest) printf -v "$k" '%s' "$v" ;; esac
  done < <(grep -v '^\s*#' "$pin")
  local out="$cache/$dest" stamp="$cache/$dest/.pin-sha256"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sha256" ]; then return; fi
  case "$kind" in
    deb)
      local deb tmp
      deb=$(fetch_deb "$name" "$package" "$version" "$arch" "$sha256")
      tmp=$(mktemp -d)
      dpkg-deb -x "$deb" "$tmp" || die "could not unpack $deb"
      [ -d "$tmp/$extract" ] || die "$deb has no $extract (headers/$name.pin)"
      rm -rf "$out"; mkdir -p "$(dirname "$out")"
      mv "$tmp/$extract" "$out"; rm -rf "$tmp"
      ;;
    wheel)
      local whl tmp p
      whl=$(fetch_wheel "$name" "$package" "$version" "$file" "$sha256")
      tmp=$(mktemp -d)
      for p in $extract; do
        unzip -q -o "$whl" "$p/*" -d "$tmp" || die "$whl has no $p/ (headers/$name.pin)"
      done
      rm -rf "$out"; mkdir -p "$(dirname "$out")"
      mv "$tmp" "$out"
      ;;
    *) die "headers/$name.pin: unknown kind '$kind'" ;;
  esac
  echo "$sha256" > "$stamp"
  echo "fetched $name ($package $version) -> .cache/$dest"
}

if [ $# -eq 0 ]; then set -- $(cd "$root/headers" && ls *.pin | sed 's/\.pin$//'); fi
for n in "$@"; do
  [ -f "$root/headers/$n.pin" ] || die "no pin headers/$n.pin"
  fetch_pin "$root/headers/$n.pin"
done
