# Shared by the WASM scripts: a Rust that can build wasm32-unknown-unknown, the wasm-bindgen CLI at the
# crate's exact version, wasm-opt, and Node.js. Sets WASM_CARGO and WASM_ENV (the cargo command line to
# build with, and its environment), WASM_BINDGEN and WASM_OPT. The usual route is `rustup target add`;
# where rustup cannot download (our machines), Debian's rustc-web builds std for wasm32 itself (-Zbuild-std), as in the shared notes.
# Both routes drop panic locations (-Zlocation-detail=none, reached with RUSTC_BOOTSTRAP=1): smaller.

apt_install() {
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "$@"; else sudo apt-get update -qq && sudo apt-get install -y -qq "$@"; fi
}

# The wasm-bindgen version pinned in Cargo.lock (the CLI must match it exactly).
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_wasm_rust() {
  if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
     || timeout 120 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
    WASM_CARGO=(cargo build --target wasm32-unknown-unknown)
    WASM_ENV=(RUSTC_BOOTSTRAP=1 "RUSTFLAGS=-Zlocation-detail=none")
    return
  fi
  if ! [ -x /usr/bin/rustc ] || ! [ -d "$(/usr/bin/rustc --print sysroot)/lib/rustlib/src/rust/library" ] || ! command -v wasm-ld >/dev/null; then
    step "rustup cannot add wasm32 here: installing Debian's rustc-web with std sources and lld"
    apt_install rustc-web cargo-web rust-web-src lld
  fi
  WASM_CARGO=(/usr/bin/cargo build --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort)
  WASM_ENV=(RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld
    "RUSTFLAGS=-Zlocation-detail=none")
}

ensure_wasm_bindgen() {
  local version candidate; version=$(wasm_bindgen_version)
  for candidate in "$(command -v wasm-bindgen || true)" "${CARGO_HOME:-$HOME/.cargo}/bin/wasm-bindgen" target/tools/bin/wasm-bindgen; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && [ "$("$candidate" --version | awk '{print $2}')" = "$version" ]; then
      WASM_BINDGEN=$candidate
      return
    fi
  done
  step "installing wasm-bindgen-cli $version with cargo install (about 4 minutes, once per machine)"
  # --locked fails for 0.2.130 (a locked dependency version is gone from the registry).
  cargo install --quiet --force wasm-bindgen-cli --version "$version"
  WASM_BINDGEN="${CARGO_HOME:-$HOME/.cargo}/bin/wasm-bindgen"
}

# wasm-opt from npm's binaryen, pinned in bindings-wasm/tools (Debian's binaryen 108 points
# wasm-bindgen's externref table export at the funcref table: the module then fails to instantiate).
ensure_wasm_opt() {
  (cd bindings-wasm/tools && npm ci --no-audit --no-fund --loglevel=error)
  WASM_OPT=bindings-wasm/tools/node_modules/.bin/wasm-opt
}

ensure_node() {
  command -v node >/dev/null && command -v npm >/dev/null || { step "installing Node.js and npm"; apt_install nodejs npm; }
}

# Builds bindings-wasm with the given features and writes the wasm-bindgen output for `target` (web
# or nodejs) into `dir`, optimized by wasm-opt: the checkout builds for size (profile wasm, -Oz), the
# full build for speed (profile wasm-full, -O3: about twice the speed of a quote for a quarter more
# bytes). The raw module is built once per feature set: call it for web, then nodejs.
wasm_module() {
  local features=$1 target=$2 dir=$3 profile=wasm opt=-Oz
  if [[ ",$features," == *",full,"* ]]; then profile=wasm-full opt=-O3; fi
  local raw=target/wasm/wasm32-unknown-unknown/$profile/affiliate_kit_wasm.wasm
  env "${WASM_ENV[@]}" "${WASM_CARGO[@]}" --quiet --profile "$profile" --target-dir target/wasm \
    -p affiliate-kit-wasm --no-default-features --features "$features"
  "$WASM_BINDGEN" "$raw" --out-dir "$dir" --target "$target" --no-typescript
  "$WASM_OPT" "$opt" --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types \
    "$dir/affiliate_kit_wasm_bg.wasm" -o "$dir/affiliate_kit_wasm_bg.wasm"
}

ensure_node
ensure_wasm_rust
ensure_wasm_bindgen
ensure_wasm_opt
