#!/usr/bin/env bash
# Installs every Debian 12 package that building, testing and benchmarking libior needs.
# Idempotent: packages already present are left alone. Run as root (or through sudo).
set -euo pipefail

packages=(
  # Toolchain and build system.
  build-essential cmake ninja-build pkg-config clang llvm
  # Kernel side: BPF skeleton generator, libbpf (shared and static), uapi headers.
  bpftool libbpf-dev linux-libc-dev
  # libbpf's link dependencies (static archives ship in the -dev packages).
  libelf-dev zlib1g-dev libzstd-dev
  # C++ core, tests and benchmarks.
  libabsl-dev libgtest-dev libgmock-dev libbenchmark-dev
  # Python bindings and their tests.
  python3 python3-dev pybind11-dev python3-numpy python3-pandas python3-pytest
  # libFuzzer and the sanitizer runtimes for clang (the fuzz preset).
  libclang-rt-14-dev
  # Tools the tests call: ELF inspection (static CLI test) and strace comparisons.
  binutils file strace zstd
  # The example notebook, executed headlessly by the Python tests.
  jupyter-nbconvert python3-nbconvert python3-ipykernel python3-matplotlib
  # The headless browser the SVG flamegraph test drives.
  chromium
  # The CLI's live dashboard (ncursesw, static archives included) and the terminal its test
  # drives.
  libncurses-dev tmux
)
# Node.js and npm for the tests' JavaScript tools (tests/node): Debian's, unless a node is
# already installed (another distribution of it may bundle npm, which Debian ships apart).
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# The npm packages of tests/node (package.json pins them), installed into tests/node/node_modules
# when one is missing.
node_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../tests/node" && pwd)
install_node_modules() {
  command -v npm > /dev/null || return 0
  if (cd "$node_dir" && node -e 'const fs = require("fs");
      for (const d of Object.keys(require("./package.json").dependencies))
        if (!fs.existsSync("node_modules/" + d + "/package.json")) process.exit(1);'); then
    return 0
  fi
  echo "setup-debian: installing the npm packages of tests/node"
  (cd "$node_dir" && npm install --no-audit --no-fund --omit-lockfile-registry-resolved)
}

if ((${#missing[@]} == 0)); then
  echo "setup-debian: all ${#packages[@]} packages present"
  install_node_modules
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "setup-debian: need root to install: ${missing[*]}" >&2
  exit 1
fi

echo "setup-debian: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
install_node_modules
