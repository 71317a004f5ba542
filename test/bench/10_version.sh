#!/usr/bin/env bash
# SQL benchmark of ciprov.version against the same strings stored as text,
# side by side in one run on N generated versions (default 1M):
#   * ORDER BY (full sort),
#   * CREATE INDEX (btree),
#   * a range query: `v <@ '1.10:1.12'` through the planner support function
#     (btree index range scan) against `t >= '1.10' AND t < '1.13'` on the
#     text btree (which is also the wrong answer: text order puts 1.100
#     between 1.10 and 1.13, and misses nothing only by luck).
# Run by scripts/bench.sh with PGHOST/PGPORT/PGUSER/PGDATABASE exported.
set -euo pipefail
N=${VERSION_BENCH_ROWS:-1000000}
REPEAT=${VERSION_BENCH_REPEAT:-3}
source "$(dirname "$0")/lib.bash"

echo "generating $N versions..."
psql <<SQL
SET search_path = public, ciprov;
DROP TABLE IF EXISTS vbench;
CREATE TABLE vbench(v ciprov.version, t text);
SELECT setseed(0.42) \gset
INSERT INTO vbench
SELECT s::ciprov.version, s FROM (
  SELECT (floor(random() * 20)::int || '.' || floor(random() * 40)::int || '.' || floor(random() * 200)::int
          || (ARRAY['', '', '', 'rc1', '-beta2', 'a', '.1'])[1 + floor(random() * 7)::int]) AS s
  FROM generate_series(1, $N)) g;
VACUUM ANALYZE vbench;
SQL

sort_v=$(time_ms "SELECT v FROM vbench ORDER BY v OFFSET $N")
sort_t=$(time_ms "SELECT t FROM vbench ORDER BY t COLLATE \"C\" OFFSET $N")
sort_tc=$(time_ms "SELECT t FROM vbench ORDER BY t OFFSET $N")
idx_v=$(time_ms "DROP INDEX IF EXISTS vbench_v; CREATE INDEX vbench_v ON vbench (v)")
idx_t=$(time_ms "DROP INDEX IF EXISTS vbench_t; CREATE INDEX vbench_t ON vbench (t COLLATE \"C\")")
psql -c "ANALYZE vbench"
q_v="SELECT count(*) FROM vbench WHERE v <@ '1.10:1.12'"
q_t="SELECT count(*) FROM vbench WHERE t COLLATE \"C\" >= '1.10' AND t COLLATE \"C\" < '1.13'"
range_v=$(time_ms "$q_v")
range_t=$(time_ms "$q_t")
n_v=$(psql -At -c "SET search_path = public, ciprov" -c "$q_v")
n_t=$(psql -At -c "$q_t")
plan_v=$(psql -At -c "SET search_path = public, ciprov" -c "EXPLAIN (COSTS OFF) $q_v" | grep -Eo 'Index Only Scan|Bitmap Index Scan|Index Scan|Seq Scan' | head -1)
plan_t=$(psql -At -c "EXPLAIN (COSTS OFF) $q_t" | grep -Eo 'Index Only Scan|Bitmap Index Scan|Index Scan|Seq Scan' | head -1)
# The exact text equivalent of 1.10:1.12 needs pattern matching: no index.
q_tx="SELECT count(*) FROM vbench WHERE t ~ '^1[._-]1[0-2]([^0-9]|\$)'"
range_tx=$(time_ms "$q_tx")
n_tx=$(psql -At -c "$q_tx")
size_v=$(psql -At -c "SELECT pg_size_pretty(pg_relation_size('vbench_v'))")
size_t=$(psql -At -c "SELECT pg_size_pretty(pg_relation_size('vbench_t'))")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", a/b}'; }
printf '\n%-44s %12s %12s %8s\n' "operation ($N rows, best of $REPEAT)" "version ms" "text ms" "ratio"
printf '%-44s %12s %12s %8s\n' "ORDER BY (text in C collation)" "$sort_v" "$sort_t" "$(ratio "$sort_v" "$sort_t")"
printf '%-44s %12s %12s %8s\n' "ORDER BY (text in database collation)" "$sort_v" "$sort_tc" "$(ratio "$sort_v" "$sort_tc")"
printf '%-44s %12s %12s %8s\n' "CREATE INDEX btree" "$idx_v" "$idx_t" "$(ratio "$idx_v" "$idx_t")"
printf '%-44s %12s %12s %8s\n' "range query: <@ vs text >= AND < (index)" "$range_v" "$range_t" "$(ratio "$range_v" "$range_t")"
printf '%-44s %12s %12s %8s\n' "range query: <@ vs exact text regex" "$range_v" "$range_tx" "$(ratio "$range_v" "$range_tx")"
echo
echo "rows found: <@ $n_v ($plan_v); text >= AND < $n_t ($plan_t, wrong set); text regex $n_tx"
echo "index size: version $size_v, text $size_t"
psql -c "DROP TABLE vbench"
