#!/usr/bin/env bash
# A new user's project, built as the README tells: its pom.xml is the README's first xml block, its tests
# a Jupiter test next to a prompt experiment. Both engines must run and pass. Then the same project without
# the junit-bom import must fail with the engine's one line naming the versions and the fix, not with a
# bare NoSuchMethodError. Needs the junit-prompt artifacts installed in the local repository (mvn install).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

project() {
    mkdir -p "$work/$1"
    cp -r "$here/src" "$here/datasets" "$work/$1/"
}

# 1. The README's setup block, as it stands.
project readme
awk '/^```xml$/ && !seen { inside = 1; seen = 1; next } inside && /^```$/ { exit } inside' "$root/README.md" \
    > "$work/readme/pom.xml"
grep -q '<artifactId>junit-prompt-extension</artifactId>' "$work/readme/pom.xml" \
    || { echo "it/consumer: the README's first xml block is not the pom.xml to copy" >&2; exit 1; }
(cd "$work/readme" && mvn -B -q verify) > "$work/readme.log" 2>&1 \
    || { cat "$work/readme.log"; echo "it/consumer: the README's setup does not build" >&2; exit 1; }
reports="$work/readme/target/surefire-reports"
grep -q 'tests="1" errors="0" skipped="0" failures="0"' "$reports/TEST-com.example.GreetingTest.xml" \
    || { echo "it/consumer: the Jupiter test did not run and pass" >&2; exit 1; }
grep -q 'tests="3" errors="0" skipped="0" failures="0"' "$reports/TEST-com.example.GreetingPromptTest.xml" \
    || { echo "it/consumer: the prompt experiment (2 items + thresholds) did not run and pass" >&2; exit 1; }
ls "$work"/readme/target/prompt-experiments/greet/*/results.jsonl > /dev/null

# One Jackson release on the class path: core, annotations and databind of one major.minor.
(cd "$work/readme" && mvn -B -q dependency:list -DincludeGroupIds=com.fasterxml.jackson.core \
    -DoutputFile="$work/jackson.txt") > /dev/null
jackson=$(grep -oE 'jackson-[a-z]+:jar:[0-9]+\.[0-9]+' "$work/jackson.txt" | sed 's/.*:jar://' | sort -u)
[ "$(echo "$jackson" | wc -l)" = 1 ] \
    || { cat "$work/jackson.txt"; echo "it/consumer: Jackson artifacts of several releases: $jackson" >&2; exit 1; }

# 2. Without junit-bom: the build fails, and says why in one line.
project without-bom
cp "$here/pom-without-bom.xml" "$work/without-bom/pom.xml"
if (cd "$work/without-bom" && mvn -B verify) > "$work/without-bom.log" 2>&1; then
    echo "it/consumer: a mixed JUnit class path was expected to fail" >&2; exit 1
fi
grep -q 'JUnit versions on the class path disagree: junit-platform-engine 6' "$work/without-bom.log" \
    || { tail -60 "$work/without-bom.log"; echo "it/consumer: the mixed class path was not explained" >&2; exit 1; }
echo "it/consumer: the README's setup runs Jupiter and prompt tests; a mixed JUnit class path is explained"
