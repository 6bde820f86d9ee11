#!/usr/bin/env bash
# What users install is what we test: build the sdist and (from it) the wheel, install the wheel
# with no extras into a fresh virtual environment, and drive the installed command from a
# directory outside the clone: --help, --version, a sandbox server, export -> plan -> edit ->
# apply -> plan, and demo; then the same wheel on Python 3.10 when the machine has one.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
python=${PYTHON:-python3}
work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
step() { printf 'plain install: %s\n' "$*"; }

step "building the sdist, and the wheel from it"
"$python" -m build --outdir "$work/dist" "$root" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
wheel=$(ls "$work"/dist/*.whl)

step "checking the wheel holds the schemas, the examples and both packages"
"$python" - "$wheel" <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
wanted = [
    "reconciler/schemas/config.schema.json",
    "reconciler/schemas/plan.schema.json",
    "reconciler/schemas/apply.schema.json",
    "reconciler/schemas/client.schema.json",
    "reconciler/schemas/project.schema.json",
    "reconciler/examples/workspace.yaml",
    "reconciler/examples/sandbox-world.json",
    "reconciler/py.typed",
    "toggl_sandbox/__init__.py",
]
missing = [n for n in wanted if n not in names]
if missing:
    sys.exit(f"the wheel lacks {missing}")
if any(n.startswith("tests/") for n in names):
    sys.exit("the wheel ships the tests")
PY

step "installing the wheel, no extras, into a fresh virtual environment"
"$python" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "$wheel"
if "$work/venv/bin/python" -c "import responses" 2>/dev/null; then
  echo "the plain install has the test extra's 'responses': this check proves nothing" >&2
  exit 1
fi

mkdir "$work/outside" && cd "$work/outside"
tool="$work/venv/bin/toggl-reconciler"
step "--help, --version, python -m reconciler"
"$tool" --help >/dev/null
"$tool" --version | grep -q "toggl-reconciler, version"
"$work/venv/bin/python" -m reconciler --version | grep -q "version"
for cmd in validate plan apply show export schema sandbox demo; do "$tool" "$cmd" --help >/dev/null; done

step "a sandbox server on a free port"
"$tool" sandbox --port 0 --seed "$root/examples/sandbox-world.json" --state "$work/world.json" >"$work/sandbox.out" 2>&1 &
server_pid=$!
for _ in $(seq 100); do grep -q "^export TOGGL_API_TOKEN" "$work/sandbox.out" 2>/dev/null && break; sleep 0.1; done
eval "$(grep '^export ' "$work/sandbox.out")"
[ -n "${TOGGL_API_URL:-}" ] || { cat "$work/sandbox.out"; exit 1; }
wid=$(grep -o '"id": *[0-9]*' "$work/world.json" | head -1 | grep -o '[0-9]*$')

step "export -> plan (no changes) -> edit -> apply -> plan (no changes)"
"$tool" export --workspace "$wid" --output workspace.yaml
"$tool" schema --output toggl-reconciler.schema.json  # the file export's first line names
head -1 workspace.yaml | grep -q 'yaml-language-server: \$schema=toggl-reconciler.schema.json$'
"$work/venv/bin/python" -c 'import json; json.load(open("toggl-reconciler.schema.json"))'
"$tool" validate workspace.yaml
"$tool" plan workspace.yaml --detailed-exitcode
sed -i 's/^clients:$/clients:\n  - name: Plain Install Ltd\n    projects: [Onboarding]/' workspace.yaml
"$tool" validate workspace.yaml
set +e; "$tool" plan workspace.yaml --detailed-exitcode --out plan.json; code=$?; set -e
[ "$code" = 2 ] || { echo "plan after the edit exited $code, not 2" >&2; exit 1; }
"$tool" show plan.json --format markdown | grep -q "Plain Install Ltd"
"$tool" apply workspace.yaml --plan plan.json --format json \
  | "$work/venv/bin/python" -c 'import json, sys; assert json.load(sys.stdin)["result"] == "applied"'
"$tool" plan workspace.yaml --detailed-exitcode

step "the library: import reconciler, plan from Python"
"$work/venv/bin/python" -c 'import reconciler; print(reconciler.Reconciler().plan("workspace.yaml").summary())' \
  | grep -q "^Plan: 0 to restore, 0 to archive, 0 to create, 0 to update, 0 to delete.$"

step "demo from a directory without the examples"
"$tool" demo | tail -1 | grep -q "Requests sent"

# requires-python says 3.10: a feature newer than that (a regex syntax, say) must not break it.
oldest=${OLDEST_PYTHON:-}
if [ -z "$oldest" ]; then
  for candidate in python3.10 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python3.10; do
    if "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
      oldest=$candidate
      break
    fi
  done
fi
if [ -n "$oldest" ]; then
  step "the same wheel on the oldest Python supported ($("$oldest" --version))"
  "$oldest" -m venv "$work/oldest"
  "$work/oldest/bin/pip" install --quiet --disable-pip-version-check "$wheel"
  "$work/oldest/bin/toggl-reconciler" validate workspace.yaml
  "$work/oldest/bin/toggl-reconciler" demo | tail -1 | grep -q "Requests sent"
else
  step "no Python 3.10 on this machine: the oldest-Python check is skipped"
fi
echo "plain install: passed"
