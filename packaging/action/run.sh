#!/usr/bin/env bash
# packaging/action/run.sh: the step of action.yml. Reads the inputs from INPUT_* and the runner
# from the variables GitHub sets (RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, RUNNER_TOOL_CACHE,
# GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_PATH); downloads dcmigrate-VERSION-PLATFORM.tar.gz and
# SHA256SUMS from the release (curl: https:// or, in the tests, file://), verifies, unpacks into
# the tool cache, puts it on PATH for later steps, runs it, and exits with its exit code.
set -euo pipefail

fail() {
  echo "::error title=dcmigrate::$*"
  [ -z "${GITHUB_OUTPUT:-}" ] || echo "exit-code=2" >>"$GITHUB_OUTPUT"
  exit 2
}

action_path=${DCMIGRATE_ACTION_PATH:-${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/../.." && pwd)}}
version=${INPUT_VERSION:-}
[ -n "$version" ] || version=$(tr -d ' \n' <"$action_path/VERSION")
version=${version#v}

case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) platform=linux-x64-gnu ;;
  *) fail "no prebuilt dcmigrate for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?} runners (prebuilt: Linux/X64). Use a Linux x64 runner (ubuntu-latest), or build from source: clone the dcmigrate repository, run scripts/bootstrap --no-demo and cmake --install build." ;;
esac

url=${INPUT_RELEASE_URL:-}
if [ -z "$url" ]; then
  [ -n "${DCMIGRATE_ACTION_REPOSITORY:-}" ] || fail "release-url is empty and the action's repository is unknown"
  url="https://github.com/${DCMIGRATE_ACTION_REPOSITORY}/releases/download/v{version}"
fi
url=${url//\{version\}/$version}
name="dcmigrate-$version-$platform"
cache="${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}}/dcmigrate/$version/$platform"
bin="$cache/$name/dcmigrate"

if [ ! -x "$bin" ]; then
  tmp=$(mktemp -d "${RUNNER_TEMP:-/tmp}/dcmigrate-download.XXXXXX")
  curl -fsSL --retry 3 -o "$tmp/$name.tar.gz" "$url/$name.tar.gz" ||
    fail "cannot download $url/$name.tar.gz (is $version released for $platform?)"
  curl -fsSL --retry 3 -o "$tmp/SHA256SUMS" "$url/SHA256SUMS" || fail "cannot download $url/SHA256SUMS"
  grep -E "^[0-9a-f]{64}  $name\.tar\.gz\$" "$tmp/SHA256SUMS" >"$tmp/sum" || fail "SHA256SUMS of $version does not list $name.tar.gz"
  (cd "$tmp" && sha256sum --quiet -c sum) >/dev/null 2>&1 || fail "$name.tar.gz does not match its SHA256SUMS entry (corrupt download)"
  mkdir -p "$cache"
  tar -xzf "$tmp/$name.tar.gz" -C "$cache"
  rm -rf "$tmp"
  [ -x "$bin" ] || fail "$name.tar.gz holds no $name/dcmigrate"
fi
"$bin" --version >/dev/null || fail "the downloaded dcmigrate does not run on this runner"
[ -z "${GITHUB_PATH:-}" ] || echo "$cache/$name" >>"$GITHUB_PATH"

cd "${GITHUB_WORKSPACE:-.}"
cd "${INPUT_WORKING_DIRECTORY:-.}"
args=(--format "${INPUT_FORMAT:-github}")
[ -z "${INPUT_FAIL_ON:-}" ] || args+=(--fail-on "$INPUT_FAIL_ON")
[ -z "${INPUT_BASELINE:-}" ] || args+=(--baseline "$INPUT_BASELINE")
sarif=""
if [ "${INPUT_SARIF:-false}" = true ]; then
  sarif=$(realpath -m "${INPUT_SARIF_FILE:-dcmigrate.sarif}")
  args+=(--output-format "sarif:$sarif")
fi
set -f # words of args and paths are not globbed
# shellcheck disable=SC2206
extra=(${INPUT_ARGS:-})
# shellcheck disable=SC2206
paths=(${INPUT_PATHS:-.})
set +f

status=0
"$bin" "${args[@]}" "${extra[@]}" -- "${paths[@]}" || status=$?
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  { echo "exit-code=$status"; echo "version=$version"; [ -z "$sarif" ] || [ ! -f "$sarif" ] || echo "sarif-file=$sarif"; } >>"$GITHUB_OUTPUT"
fi
exit "$status"
