#!/usr/bin/env bash
# Writes a psql script that submits every document of the real kcidb corpus
# (../shared/data/kcidb/submissions.zip), one kcidb_submit per document, and
# prints its file name (for \i in sql/rollup_corpus.sql).
#   corpus_script.sh sorted        in member-name order
#   corpus_script.sh random SEED   in a shuffled order (reproducible by SEED)
set -euo pipefail
zip=../shared/data/kcidb/submissions.zip
out=$(mktemp /tmp/ciprov-rollup-corpus.XXXXXX)
members=$(unzip -Z1 "$zip" | sort)
if [ "${1:-sorted}" = random ]; then
  members=$(printf '%s\n' "$members" | shuf --random-source=<(yes "${2:-1}"))
fi
for m in $members; do
  printf '\\set doc `unzip -p %s %s`\n' "$zip" "$m"
  printf "SELECT ciprov.kcidb_submit(:'doc') IS NULL AS failed \\\\g /dev/null\n"
done > "$out"
echo "$out"
