#!/usr/bin/env bash
# The Kotlin quote bench: a release build of the native library installed as the jar, then
# benches/kotlin (per-call vs batch quote through JNA). JSON lines on stdout, progress on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
{
  cargo build --quiet --release -p affiliate-kit-kotlin -p affiliate-kit-uniffi-bindgen
  (cd bindings-kotlin && mvn -B -q -Dstyle.color=never -DskipTests -Dnative.dir="$PWD/../target/release" \
    -Duniffi.bindgen="$PWD/../target/release/uniffi-bindgen" install)
  mvn -B -q -Dstyle.color=never -f benches/kotlin/pom.xml compile
} >&2
mvn -B -q -Dstyle.color=never -f benches/kotlin/pom.xml exec:java | sed -n 's/.*\({"bench".*\)/\1/p'
