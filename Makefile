# ciprov: PostgreSQL extension in C++17, built with PGXS.
#
#   make            build ciprov.so and ciprov--0.1.sql
#   make install    install into the PostgreSQL found by pg_config
#   make test       bootstrap, build, and run every test (scripts/test.sh)
#   make demo       bootstrap, build, install, start a private cluster, show
#   make demo-stop  stop the demo cluster
#   make bench      benchmarks (scripts/bench.sh)
#   make fuzz       run each fuzz target for FUZZ_SECONDS (default 60)

EXTENSION = ciprov
MODULE_big = ciprov
EXTVERSION = 0.1

CORE_SRCS = $(sort $(wildcard src/core/*.cpp))
PG_SRCS = $(sort $(wildcard src/pg/*.cpp))
OBJS = $(CORE_SRCS:.cpp=.o) $(PG_SRCS:.cpp=.o)

# The install script is assembled from readable parts, one per SQL area.
SQL_PARTS = $(sort $(wildcard src/sql/*.sql))
DATA_built = $(EXTENSION)--$(EXTVERSION).sql
DATA = $(filter-out $(DATA_built),$(wildcard $(EXTENSION)--*--*.sql))

# pg_regress suites: sql/NAME.sql with expected/NAME.out (+ NAME_1.out for
# the variant printed when ../shared/data is absent).
REGRESS = $(sort $(patsubst sql/%.sql,%,$(wildcard sql/*.sql)))
REGRESS_OPTS = --inputdir=. --load-extension=$(EXTENSION)
ISOLATION = $(sort $(patsubst test/isolation/specs/%.spec,%,$(wildcard test/isolation/specs/*.spec)))
ISOLATION_OPTS = --inputdir=test/isolation --outputdir=output_iso --load-extension=$(EXTENSION)

PG_CONFIG ?= pg_config
PG_CPPFLAGS = -Isrc -isystem $(shell $(PG_CONFIG) --includedir-server)
PG_CXXFLAGS = -std=c++17 -Wall -Wextra -Werror -Wno-missing-field-initializers -MMD -MP
SHLIB_LINK = -lre2 -lstdc++

# Debian's PGXS also emits LLVM bitcode with clang and without PG_CXXFLAGS,
# which breaks C++17; ciprov does not need JIT inlining of its functions.
override with_llvm = no

EXTRA_CLEAN = $(OBJS:.o=.d) build output_iso results regression.diffs regression.out

PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)
ifneq ($(wildcard $(PGXS)),)
include $(PGXS)

$(DATA_built): $(SQL_PARTS)
	cat $(SQL_PARTS) > $@

-include $(OBJS:.o=.d)
else
# On a fresh machine the PostgreSQL server headers are not installed yet;
# make test and make demo install them (scripts/bootstrap.sh) before building.
all install installcheck:
	@echo "PostgreSQL 15 server development files are missing: run 'make test' or 'make demo'," \
	  "which install them, or 'bash scripts/bootstrap.sh'." >&2; exit 1
endif

.PHONY: test demo demo-stop bench fuzz memcheck unit
test:
	bash scripts/test.sh
demo:
	bash scripts/demo.sh start
demo-stop:
	bash scripts/demo.sh stop
bench:
	bash scripts/bench.sh
fuzz:
	bash scripts/fuzz.sh $${FUZZ_SECONDS:-60}
memcheck:
	bash scripts/memcheck.sh $(SUITES)
