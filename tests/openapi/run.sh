#!/bin/sh
# The openapi.* tests of ctest (tests/CMakeLists.txt), each in a temporary directory of its own:
#   run.sh document KEEL NODE [SCHEMA=FILE ...]
#       the document `keel serve --print-openapi` prints, and any bodies given, checked by check.mjs
#   run.sh records KEEL NODE
#       a home made with `keel init`, a year of `keel synth` data imported into it, and every line
#       of its `keel export` checked against ExportLine; its `keel stats --json` against Stats
#   run.sh responses API_TESTS NODE
#       the bodies tests/api/openapi_test.cc sends and gets from every route, against their schemas
set -eu

here=$(cd "$(dirname "$0")" && pwd)
mode=${1:?usage: run.sh document|records|responses ...}
shift
work=$(mktemp -d "${TMPDIR:-/tmp}/keel-openapi.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

print_document() {  # KEEL
  "$1" serve --print-openapi >"$work/openapi.json"
}

case "$mode" in
  document)
    keel=$1 node=$2
    shift 2
    print_document "$keel"
    exec "$node" "$here/check.mjs" "$work/openapi.json" "$@"
    ;;
  records)
    keel=$1 node=$2
    print_document "$keel"
    export KEEL_KDF=test KEEL_PASSPHRASE="correct horse battery"
    "$keel" --home "$work/home" init --name alex --time-zone Europe/Berlin >/dev/null
    "$keel" synth --days 365 --seed 11 --end 2026-06-01T00:00:00Z --out "$work/synth.jsonl"
    "$keel" --home "$work/home" import "$work/synth.jsonl" >/dev/null
    "$keel" --home "$work/home" export >"$work/export.jsonl"
    "$keel" --home "$work/home" --json stats --as-of 2026-06-01T00:00:00Z >"$work/stats.json"
    # The year must hold every kind the API serves, or the check would prove less than it says.
    for type in urge lapse_review checkin pause activity value goal plan journal; do
      grep -q "^{\"type\":\"$type\"" "$work/export.jsonl" || {
        echo "run.sh: the export holds no \"$type\" record"
        exit 1
      }
    done
    echo "run.sh: $(wc -l <"$work/export.jsonl") lines exported"
    exec "$node" "$here/check.mjs" "$work/openapi.json" "ExportLine=$work/export.jsonl" "Stats=$work/stats.json"
    ;;
  responses)
    api_tests=$1 node=$2
    KEEL_OPENAPI_SAMPLES="$work" "$api_tests" --gtest_filter='OpenApi.*' --gtest_brief=1
    exec "$node" "$here/check.mjs" "$work/openapi.json" --samples "$work/samples"
    ;;
  *)
    echo "run.sh: unknown mode \"$mode\"" >&2
    exit 2
    ;;
esac
