# Shared by the scripts: makes sure a Python 3.9+ with venv and pip is present (Debian's if missing)
# and sets PYTHON to it.
ensure_python() {
  PYTHON=${PYTHON:-python3}
  if ! "$PYTHON" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 9))' >/dev/null 2>&1; then
    step "installing Python 3 with venv from Debian"
    apt-get update -qq && apt-get install -y -qq python3 python3-venv python3-dev python3-pip
    PYTHON=python3
  fi
  export PYTHON
}
ensure_python
