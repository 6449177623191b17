# Shared by the scripts: makes sure a Rust toolchain is present and prints step headers.
step() { printf '\n==> %s\n' "$*"; }

ensure_rust() {
  if command -v cargo >/dev/null 2>&1; then return; fi
  if [ -x "$HOME/.cargo/bin/cargo" ]; then export PATH="$HOME/.cargo/bin:$PATH"; return; fi
  step "installing a Rust toolchain from Debian (rustc-web)"
  apt-get update -qq && apt-get install -y -qq rustc-web cargo-web
}
ensure_rust
