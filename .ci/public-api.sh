#!/usr/bin/env bash
# The published libraries' public API against the listings committed in .ci/public-api/ (one
# item a line, from rustdoc's JSON, by .ci/public_api.py). A change to the public API must
# come with its listing and a line in CHANGELOG.md (a breaking one under "Changed", with
# how to migrate), so that no change of the API is silent.
#
#   bash .ci/public-api.sh            fails if the API differs from its listing, or if the
#                                     last commit that changed a listing did not change
#                                     CHANGELOG.md
#   bash .ci/public-api.sh --update   writes the listings anew
set -euo pipefail
cd "$(dirname "$0")/.."

update=false
[ "${1:-}" = "--update" ] && update=true
out=target/public-api
mkdir -p "$out"
status=0
for crate in polympics polympics-roster polympics-test-server; do
  # rustdoc's JSON is unstable: RUSTC_BOOTSTRAP lets the stable toolchain write it (in a
  # target folder of its own, so that the usual build is not invalidated).
  RUSTC_BOOTSTRAP=1 cargo rustdoc --quiet -p "$crate" --all-features --lib --target-dir "$out" \
    -- -Z unstable-options --output-format json
  python3 .ci/public_api.py "$out/doc/${crate//-/_}.json" > "$out/$crate.txt"
  if $update; then
    cp "$out/$crate.txt" ".ci/public-api/$crate.txt"
  elif ! diff -u ".ci/public-api/$crate.txt" "$out/$crate.txt"; then
    echo "the public API of $crate changed (above): say it in CHANGELOG.md (a breaking"
    echo "change under \"Changed\", with how to migrate), then run"
    echo "  bash .ci/public-api.sh --update"
    echo "and commit the listing with the CHANGELOG line"
    status=1
  fi
done
if ! $update && git rev-parse --git-dir >/dev/null 2>&1; then
  last=$(git log -1 --format=%H -- .ci/public-api)
  if [ -n "$last" ] && ! git show --name-only --format= "$last" | grep -qx CHANGELOG.md; then
    echo "commit $last changed the public API listing without a line in CHANGELOG.md:"
    echo "every change of the public API is said there (how to migrate, when it breaks)"
    status=1
  fi
fi
exit $status
