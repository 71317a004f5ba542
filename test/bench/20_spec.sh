#!/usr/bin/env bash
# SQL benchmark of ciprov.spec against the same specs stored as text, side
# by side in one run on N generated specs (default 100k):
#   * input (text -> spec) against a plain text copy,
#   * ORDER BY and CREATE INDEX (btree) on the canonical form against text,
#   * equality lookup through the btree, spec against text,
#   * a semantic filter `s <@ 'hdf5@1.12:+mpi'` (parses each row; the
#     constant is parsed once per statement) against the closest text
#     filter, a LIKE on the name (which cannot answer the question).
# Run by scripts/bench.sh with PGHOST/PGPORT/PGUSER/PGDATABASE exported.
set -euo pipefail
N=${SPEC_BENCH_ROWS:-100000}
REPEAT=${SPEC_BENCH_REPEAT:-3}
source "$(dirname "$0")/lib.bash"

echo "generating $N specs..."
psql <<SQL
SET search_path = public, ciprov;
DROP TABLE IF EXISTS sbench;
CREATE TABLE sbench(t text, s ciprov.spec);
SELECT setseed(0.42);
INSERT INTO sbench(t)
SELECT (ARRAY['hdf5','zlib','openmpi','mpich','py-numpy'])[1 + floor(random() * 5)::int]
       || '@1.' || floor(random() * 16)::int || '.' || floor(random() * 10)::int
       || (ARRAY['+mpi', '~mpi', '+shared', ''])[1 + floor(random() * 4)::int]
       || ' target=' || (ARRAY['haswell','zen3','icelake','neoverse_v1'])[1 + floor(random() * 4)::int]
       || ' %gcc@' || (10 + floor(random() * 4)::int)
       || (ARRAY[' ^zlib@1.3', ' ^openmpi@4.1 %gcc', ''])[1 + floor(random() * 3)::int]
FROM generate_series(1, $N);
UPDATE sbench SET s = t::ciprov.spec;
VACUUM ANALYZE sbench;
SQL

in_s=$(time_ms "SELECT count(t::spec) FROM sbench")
in_t=$(time_ms "SELECT count(t::varchar) FROM sbench")
sort_s=$(time_ms "SELECT s FROM sbench ORDER BY s OFFSET $N")
sort_t=$(time_ms "SELECT t FROM sbench ORDER BY t COLLATE \"C\" OFFSET $N")
idx_s=$(time_ms "DROP INDEX IF EXISTS sbench_s; CREATE INDEX sbench_s ON sbench (s)")
idx_t=$(time_ms "DROP INDEX IF EXISTS sbench_t; CREATE INDEX sbench_t ON sbench (t COLLATE \"C\")")
psql -c "ANALYZE sbench"
key=$(psql -At -c "SELECT t FROM sbench LIMIT 1")
eq_s=$(time_ms "SELECT count(*) FROM sbench WHERE s = '$key'")
eq_t=$(time_ms "SELECT count(*) FROM sbench WHERE t COLLATE \"C\" = '$key'")
sat_s=$(time_ms "SELECT count(*) FROM sbench WHERE s <@ 'hdf5@1.12:+mpi'")
sat_t=$(time_ms "SELECT count(*) FROM sbench WHERE t LIKE 'hdf5@1.1%+mpi%'")
n_sat=$(psql -At -c "SET search_path = public, ciprov" -c "SELECT count(*) FROM sbench WHERE s <@ 'hdf5@1.12:+mpi'")
n_like=$(psql -At -c "SELECT count(*) FROM sbench WHERE t LIKE 'hdf5@1.1%+mpi%'")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
printf '\n%-48s %10s %10s %8s\n' "operation ($N rows, best of $REPEAT)" "spec ms" "text ms" "ratio"
printf '%-48s %10s %10s %8s\n' "input: t::spec vs t::varchar" "$in_s" "$in_t" "$(ratio "$in_s" "$in_t")"
printf '%-48s %10s %10s %8s\n' "ORDER BY (text in C collation)" "$sort_s" "$sort_t" "$(ratio "$sort_s" "$sort_t")"
printf '%-48s %10s %10s %8s\n' "CREATE INDEX btree" "$idx_s" "$idx_t" "$(ratio "$idx_s" "$idx_t")"
printf '%-48s %10s %10s %8s\n' "equality lookup (btree)" "$eq_s" "$eq_t" "$(ratio "$eq_s" "$eq_t")"
printf '%-48s %10s %10s %8s\n' "s <@ 'hdf5@1.12:+mpi' vs t LIKE (seq scan)" "$sat_s" "$sat_t" "$(ratio "$sat_s" "$sat_t")"
echo
echo "rows: <@ $n_sat; LIKE 'hdf5@1.1%+mpi%' $n_like (not the same question)"
psql -c "DROP TABLE sbench"
