#!/usr/bin/env bash
# Build the Linux one-folder bundle and prove it works (CI runs this after the tests):
#   1. PyInstaller builds dist/budget-form/ from build_scripts/budget_form.spec;
#   2. the bundle's --self-test passes (window offscreen, and on X11 under xvfb-run if present)
#      and, traced by strace if present, neither it nor render opens a network socket;
#   3. the bundle is under 150 MB (where the bytes go is printed) and every library resolves;
#   4. the frozen command line works: import, export, check and render give the same bytes and
#      exit status as the unfrozen program, and render turns the seed into the identical PDF.
#
#   build_scripts/build_linux.sh [PYTHON]     # or PYTHON=... ; default .venv/bin/python, python3
# BUILD_DIR (default: build/linux, git-ignored) holds the work files and the bundle.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${1:-${PYTHON:-}}
if [[ -z $PY ]]; then
    if [[ -x .venv/bin/python ]]; then PY=.venv/bin/python; else PY=python3; fi
fi
BUILD_DIR=${BUILD_DIR:-build/linux}
LIMIT_MB=${LIMIT_MB:-150}
BUNDLE=$BUILD_DIR/dist/budget-form
EXE=$BUNDLE/budget-form

SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
# The program's own files (log, recent list) go to scratch, never to the builder's home.
export BUDGET_FORM_DATA_DIR=$SCRATCH/appdata QT_QPA_PLATFORM=offscreen

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }

step "build with $PY ($("$PY" -c 'import sys; print(sys.version.split()[0])'))"
start=$SECONDS
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$BUILD_DIR/dist" --workpath "$BUILD_DIR/work" build_scripts/budget_form.spec
echo "built $BUNDLE in $((SECONDS - start)) s"

step "self-test of the frozen program"
"$EXE" --self-test || fail "the bundle's --self-test"
if command -v xvfb-run >/dev/null; then  # the real X11 window plugin and its libraries too
    QT_QPA_PLATFORM=xcb xvfb-run -a "$EXE" --self-test || fail "the bundle's --self-test on X11"
else
    echo "(xvfb-run not installed: the X11 window plugin is not tried)"
fi

# The program must never open a network socket (strace needs ptrace, which some sandboxes deny).
if command -v strace >/dev/null && strace -qq -e trace=none true 2>/dev/null; then
    strace -f -qq -e trace=socket -o "$SCRATCH/sockets-selftest.log" "$EXE" --self-test >/dev/null
    strace -f -qq -e trace=socket -o "$SCRATCH/sockets-render.log" \
        "$EXE" render resources/samples/seed-form.json -o "$SCRATCH/strace.pdf"
    cat "$SCRATCH"/sockets-*.log >"$SCRATCH/sockets.log"
    if grep "socket(" "$SCRATCH/sockets.log" | grep -qv "AF_UNIX"; then
        fail "the frozen program opened a network socket: $(grep -v AF_UNIX "$SCRATCH/sockets.log")"
    fi
    echo "no network socket opened by --self-test or render" \
         "($(grep -c "socket(" "$SCRATCH/sockets.log" || true) local ones)"
else
    echo "(strace not usable here: the no-network check is skipped)"
fi

step "size and libraries"
"$PY" build_scripts/bundle_report.py "$BUNDLE" --limit-mb "$LIMIT_MB" --check-links \
    || fail "bundle size or libraries"

step "frozen command line against the unfrozen program"
SEED=resources/samples/seed-form.json
frozen() { "$EXE" "$@"; }
source_() { "$PY" -m desktop_app "$@"; }

# Runs one command both ways; the exit status and stdout must agree.
compare_run() {
    local name=$1; shift
    local want got
    set +e
    source_ "${@//@OUT@/$SCRATCH/source-$name}" >"$SCRATCH/source-$name.stdout"; want=$?
    frozen "${@//@OUT@/$SCRATCH/frozen-$name}" >"$SCRATCH/frozen-$name.stdout"; got=$?
    set -e
    [[ $want == "$got" ]] || fail "$name: frozen exit status $got, unfrozen $want"
    cmp -s "$SCRATCH/source-$name.stdout" "$SCRATCH/frozen-$name.stdout" \
        || fail "$name: frozen output differs from unfrozen"
    echo "$name: exit $got, same output"
}

compare_run render render "$SEED" -o @OUT@.pdf
cmp "$SCRATCH/source-render.pdf" "$SCRATCH/frozen-render.pdf" \
    || fail "render: the frozen PDF of the seed differs from the unfrozen one"
echo "render: identical PDF of the seed ($(stat -c %s "$SCRATCH/frozen-render.pdf") bytes)"

compare_run import import "$SEED" -o @OUT@.jxmb
compare_run export export "$SCRATCH/frozen-import.jxmb" -o -
# Each import gives the form an identity of its own (a new form_id): the two drafts' content is
# compared without it.
without_identity() {
    "$PY" -c 'import json, sys
data = json.load(sys.stdin)
for key in ("form_id", "form_revision", "source_form_id"):
    data.pop(key, None)
print(json.dumps(data, ensure_ascii=False, sort_keys=True))'
}
cmp -s <(without_identity <"$SCRATCH/frozen-export.stdout") \
       <("$PY" -m desktop_app export "$SCRATCH/source-import.jxmb" -o - | without_identity) \
    || fail "export: the frozen draft exports differently from the unfrozen draft"
compare_run check check "$SCRATCH/frozen-import.jxmb"
compare_run check-json check --json "$SEED"
compare_run render-draft render "$SCRATCH/frozen-import.jxmb" -o @OUT@.pdf
cmp "$SCRATCH/source-render-draft.pdf" "$SCRATCH/frozen-render-draft.pdf" \
    || fail "render of a draft: frozen and unfrozen PDFs differ"

# The commands that show no window must not load Qt (nor anything a runtime hook would import
# up front): the dynamic loader lists every library a process loads (glibc's LD_DEBUG).
qt_loaded_by() {
    LD_DEBUG=files LD_DEBUG_OUTPUT="$SCRATCH/ld-$1" "$EXE" "$@" >/dev/null 2>&1 || true
    cat "$SCRATCH/ld-$1".* 2>/dev/null | grep -o 'libQt6[A-Za-z]*\.so[.0-9]*' | sort -u | tr '\n' ' '
    rm -f "$SCRATCH/ld-$1".*
}
mkdir -p "$SCRATCH/inbox" && cp "$SCRATCH/frozen-import.jxmb" "$SCRATCH/inbox/"
for command in "render $SEED -o $SCRATCH/noqt.pdf" "check $SEED" "export $SCRATCH/frozen-import.jxmb -o -" \
               "review $SCRATCH/inbox"; do
    # shellcheck disable=SC2086  # the words of one command
    loaded=$(qt_loaded_by $command)
    [[ -z $loaded ]] || fail "frozen ${command%% *} loads Qt: $loaded"
done
echo "render, check, export, review: no Qt library loaded"
if [[ -z $(qt_loaded_by --self-test) ]]; then  # the probe itself must be able to see Qt
    fail "LD_DEBUG showed no Qt library even for --self-test: the check above proves nothing"
fi

# A reviewer's folder large enough to be read by worker processes (forked from the frozen program).
mkdir -p "$SCRATCH/large-inbox"
for i in $(seq 1 70); do cp "$SCRATCH/frozen-import.jxmb" "$SCRATCH/large-inbox/unit$i.jxmb"; done
compare_run review-large review --json "$SCRATCH/large-inbox"

# A bad input must fail the same way (exit 2, one line of Chinese on stderr).
echo "not a form" >"$SCRATCH/broken.jxmb"
compare_run unusable check "$SCRATCH/broken.jxmb" 2>/dev/null
set +e; frozen check "$SCRATCH/broken.jxmb" 2>"$SCRATCH/broken.stderr"; status=$?; set -e
[[ $status == 2 && $(wc -l <"$SCRATCH/broken.stderr") == 1 ]] \
    || fail "unusable input: exit $status, stderr: $(cat "$SCRATCH/broken.stderr")"
echo "unusable input: exit 2, $(cat "$SCRATCH/broken.stderr")"

step "done: $BUNDLE ($((SECONDS - start)) s in all)"
