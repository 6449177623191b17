# Shared by the scripts: makes sure a Rust toolchain with rustfmt and clippy is present, and prints
# step headers. Our machines have rustup's stable toolchain; a bare Debian gets Debian's newer Rust.
step() { printf '\n==> %s\n' "$*"; }

ensure_rust() {
  if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
  if ! command -v cargo >/dev/null 2>&1; then
    step "installing a Rust toolchain from Debian (rustc-web, cargo-web)"
    apt-get update -qq && apt-get install -y -qq rustc-web cargo-web
  fi
  for component in rustfmt clippy; do
    probe=$([ "$component" = clippy ] && echo "cargo clippy --version" || echo "cargo fmt --version")
    if ! $probe >/dev/null 2>&1; then
      step "installing $component"
      rustup component add "$component" 2>/dev/null || apt-get install -y -qq "$([ "$component" = clippy ] && echo rust-clippy || echo rustfmt)" || true
      $probe >/dev/null 2>&1 || { echo "error: $component is required and could not be installed" >&2; exit 1; }
    fi
  done
}
ensure_rust
