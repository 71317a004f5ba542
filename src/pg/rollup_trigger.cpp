// The rollup triggers (src/sql/51_rollup_maintain.sql): statement-level
// AFTER triggers on ciprov.tests, ciprov.builds and ciprov.checkouts that
// read their transition tables directly and note, in backend memory
// (pg/rollup_notes.h), what changed in a way the rollups see: a test with
// its state before and after, a build or a checkout by id. Written in C rather than
// PL/pgSQL because they run on every write: an INSERT ... ON CONFLICT DO
// UPDATE fires the UPDATE trigger even when nothing was updated, and the
// state the flush needs is already in the transition tables.
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/rollup_model.h"
#include "pg/datum.h"
#include "pg/platform.h"
#include "pg/rollup_flush.h"
#include "pg/rollup_notes.h"
#include "pg/rollup_row.h"
#include "pg/testpath_datum.h"

extern "C" {
#include "catalog/pg_type_d.h"
#include "commands/trigger.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/rel.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"
}

namespace rollup = ciprov::core::rollup;
namespace pg = ciprov::pg;

namespace {

// The trigger call's context, checked: a statement-level AFTER trigger with
// the transition tables the event has.
TriggerData* trigger_data(FunctionCallInfo fcinfo) {
  if (!CALLED_AS_TRIGGER(fcinfo)) throw ciprov::core::Error("39P01", "ciprov rollup triggers are called by triggers only");
  auto* td = reinterpret_cast<TriggerData*>(fcinfo->context);
  if (!TRIGGER_FIRED_FOR_STATEMENT(td->tg_event) || !TRIGGER_FIRED_AFTER(td->tg_event))
    throw ciprov::core::Error("39P01", "ciprov rollup triggers must be AFTER ... FOR EACH STATEMENT");
  const bool needs_old = !TRIGGER_FIRED_BY_INSERT(td->tg_event);
  const bool needs_new = !TRIGGER_FIRED_BY_DELETE(td->tg_event);
  if ((needs_old && td->tg_oldtable == nullptr) || (needs_new && td->tg_newtable == nullptr))
    throw ciprov::core::Error("39P01", "ciprov rollup triggers need REFERENCING OLD/NEW TABLE");
  return td;
}

// Calls f(slot) for each row of a transition table, through a read pointer
// of its own (other triggers of the statement read the same tuplestore).
template <typename F>
void each_row(Tuplestorestate* rows, TupleDesc desc, F&& f) {
  if (rows == nullptr) return;
  TupleTableSlot* slot = pg::guarded([desc] { return MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple); });
  pg::guarded([rows] {
    tuplestore_select_read_pointer(rows, tuplestore_alloc_read_pointer(rows, EXEC_FLAG_REWIND));
    tuplestore_rescan(rows);
  });
  while (pg::guarded([rows, slot] { return tuplestore_gettupleslot(rows, true, false, slot); })) f(slot);
  pg::guarded([rows, slot] {
    tuplestore_select_read_pointer(rows, 0);
    ExecDropSingleTupleTableSlot(slot);
  });
}

// Column `attnum` of the slot's row (deformed under the guard).
Datum column(TupleTableSlot* slot, int attnum, bool* isnull) {
  return pg::guarded([slot, attnum, isnull] { return slot_getattr(slot, attnum, isnull); });
}

int attnum(TupleDesc desc, const char* name) {
  int n = pg::guarded([desc, name] { return SPI_fnumber(desc, name); });
  if (n <= 0) throw ciprov::core::Error("42703", std::string("ciprov rollup trigger: no column ") + name);
  return n;
}

rollup::Text text_of(Datum d, bool isnull) {
  if (isnull) return std::nullopt;
  return std::string(pg::text_bytes(d));
}

// Text column `attnum` of the slot's row.
rollup::Text text_column(TupleTableSlot* slot, int attnum) {
  bool isnull = false;
  Datum d = column(slot, attnum, &isnull);
  return text_of(d, isnull);
}

// A ciprov.tests row as the counters see it.
class TestReader {
 public:
  explicit TestReader(TupleDesc desc)
      : id_(attnum(desc, "id")),
        build_id_(attnum(desc, "build_id")),
        path_(attnum(desc, "path")),
        status_(attnum(desc, "status")),
        misc_(attnum(desc, "environment_misc")),
        compatible_(attnum(desc, "environment_compatible")),
        start_(attnum(desc, "start_time")),
        labels_(TupleDescAttr(desc, status_ - 1)->atttypid) {}

  std::string id(TupleTableSlot* slot) const { return text_column(slot, id_).value_or(std::string()); }

  rollup::TestState state(TupleTableSlot* slot) {
    rollup::TestState t;
    t.build_id = text_column(slot, build_id_);
    bool isnull = false;
    Datum d = column(slot, path_, &isnull);
    if (!isnull) t.path = std::string(pg::testpath_text(d));
    d = column(slot, status_, &isnull);
    t.status = labels_.status(d, isnull);
    d = column(slot, start_, &isnull);
    if (!isnull) t.start = DatumGetTimestampTz(d);
    bool misc_null = false;
    bool compatible_null = false;
    Datum misc = column(slot, misc_, &misc_null);
    Datum compatible = column(slot, compatible_, &compatible_null);
    std::optional<std::string_view> platform =
        ciprov::core::hardware::platform(pg::read_environment(misc, misc_null, compatible, compatible_null));
    if (platform) t.platform = std::string(*platform);
    if (!compatible_null) t.compatible = compatible_list(compatible);
    return t;
  }

 private:
  // The compatible strings in order, NULL elements kept (each is a key of
  // the C rollup).
  static std::vector<rollup::Text> compatible_list(Datum d) {
    pg::TextElements e = pg::text_elements(d);
    std::vector<rollup::Text> out;
    out.reserve(static_cast<std::size_t>(e.n));
    for (int i = 0; i < e.n; ++i) out.push_back(text_of(e.elems[i], e.nulls[i]));
    return out;
  }

  int id_, build_id_, path_, status_, misc_, compatible_, start_;
  pg::rollup::StatusLabels labels_;
};

// A ciprov.builds row as the counters see it.
class BuildReader {
 public:
  explicit BuildReader(TupleDesc desc)
      : id_(attnum(desc, "id")),
        checkout_id_(attnum(desc, "checkout_id")),
        architecture_(attnum(desc, "architecture")),
        config_name_(attnum(desc, "config_name")),
        compiler_(attnum(desc, "compiler")),
        status_(attnum(desc, "status")),
        labels_(TupleDescAttr(desc, status_ - 1)->atttypid) {}

  std::string id(TupleTableSlot* slot) const { return text_column(slot, id_).value_or(std::string()); }

  rollup::BuildAttrs state(TupleTableSlot* slot) {
    rollup::BuildAttrs b;
    b.checkout_id = text_column(slot, checkout_id_);
    b.architecture = text_column(slot, architecture_);
    b.config_name = text_column(slot, config_name_);
    b.compiler = text_column(slot, compiler_);
    bool isnull = false;
    Datum d = column(slot, status_, &isnull);
    b.status = labels_.status(d, isnull);
    return b;
  }

 private:
  int id_, checkout_id_, architecture_, config_name_, compiler_, status_;
  pg::rollup::StatusLabels labels_;
};

// A ciprov.checkouts row as the test runs see it.
class CheckoutReader {
 public:
  explicit CheckoutReader(TupleDesc desc)
      : id_(attnum(desc, "id")),
        tree_name_(attnum(desc, "tree_name")),
        branch_(attnum(desc, "git_repository_branch")),
        commit_(attnum(desc, "git_commit_hash")) {}

  std::string id(TupleTableSlot* slot) const { return text_column(slot, id_).value_or(std::string()); }

  rollup::CheckoutAttrs state(TupleTableSlot* slot) const {
    return rollup::CheckoutAttrs{text_column(slot, tree_name_), text_column(slot, branch_),
                                 text_column(slot, commit_)};
  }

 private:
  int id_, tree_name_, branch_, commit_;
};

// Pairs the old and new rows of an update by id (an update may change the
// id: then the old id is gone and the new one is new). Calls
// changed(id, before, now) for each row whose state differs; a missing side
// is std::nullopt.
template <typename State, typename Read, typename Changed>
void pair_rows(TriggerData* td, Read&& read, Changed&& changed) {
  TupleDesc desc = RelationGetDescr(td->tg_relation);
  std::unordered_map<std::string, State> old_rows;
  std::vector<std::string> old_order;
  if (!TRIGGER_FIRED_BY_INSERT(td->tg_event)) {
    each_row(td->tg_oldtable, desc, [&](TupleTableSlot* slot) {
      auto [id, state] = read(slot);
      old_order.push_back(id);
      old_rows.emplace(std::move(id), std::move(state));
    });
  }
  if (!TRIGGER_FIRED_BY_DELETE(td->tg_event)) {
    each_row(td->tg_newtable, desc, [&](TupleTableSlot* slot) {
      auto [id, state] = read(slot);
      auto it = old_rows.find(id);
      if (it == old_rows.end()) {
        changed(std::move(id), std::nullopt, std::optional<State>(std::move(state)));
        return;
      }
      if (it->second != state) changed(std::move(id), std::optional<State>(std::move(it->second)), std::optional<State>(std::move(state)));
      old_rows.erase(it);
    });
  }
  for (std::string& id : old_order) {
    auto it = old_rows.find(id);
    if (it == old_rows.end()) continue;
    changed(std::move(id), std::optional<State>(std::move(it->second)), std::nullopt);
    old_rows.erase(it);
  }
}

// Outside ciprov.kcidb_submit nothing flushes right after the statement:
// a marker row makes the deferred trigger on ciprov.rollup_marker flush at
// commit (one row per transaction).
SPIPlanPtr g_marker_plan = nullptr;

void arrange_flush_at_commit() {
  pg::guarded([] {
    if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "ciprov: SPI_connect failed");
    if (g_marker_plan == nullptr) {
      SPIPlanPtr p = SPI_prepare(
          "INSERT INTO ciprov.rollup_marker VALUES (pg_catalog.pg_current_xact_id()) ON CONFLICT DO NOTHING", 0,
          nullptr);
      if (p == nullptr || SPI_keepplan(p) != 0) elog(ERROR, "ciprov: cannot prepare the rollup marker insert");
      g_marker_plan = p;
    }
    if (SPI_execute_plan(g_marker_plan, nullptr, nullptr, false, 0) != SPI_OK_INSERT)
      elog(ERROR, "ciprov: rollup marker insert failed");
    SPI_finish();
  });
  pg::notes::register_callbacks();
  pg::notes::marker_placed() = true;
}

// Runs one rollup trigger: pairs the transition tables' rows by id through
// Reader (id(slot), state(slot)), calls note(id, before, now) for each row
// whose state changed, and outside ciprov.kcidb_submit arranges the
// commit-time flush.
template <typename Reader, typename Note>
Datum run_trigger(FunctionCallInfo fcinfo, Note&& note) {
  TriggerData* td = trigger_data(fcinfo);
  Reader reader(RelationGetDescr(td->tg_relation));
  using State = decltype(reader.state(nullptr));
  bool noted = false;
  pair_rows<State>(
      td, [&](TupleTableSlot* slot) { return std::make_pair(reader.id(slot), reader.state(slot)); },
      [&](std::string id, std::optional<State> before, std::optional<State> now) {
        note(std::move(id), std::move(before), std::move(now));
        noted = true;
      });
  if (noted && !pg::in_submit()) arrange_flush_at_commit();
  return PointerGetDatum(nullptr);
}

}  // namespace

// Trigger ciprov.rollup_note_tests(): the tests whose build, path,
// platform, compatible strings, status or start time changed, with both
// states.
CIPROV_FUNCTION(ciprov_rollup_note_tests) {
  return run_trigger<TestReader>(fcinfo, [](std::string id, auto before, auto now) {
    pg::note_test(std::move(id), std::move(before), std::move(now));
  });
}

// Trigger ciprov.rollup_note_builds(): the builds whose checkout,
// architecture, config, compiler or status changed.
CIPROV_FUNCTION(ciprov_rollup_note_builds) {
  return run_trigger<BuildReader>(fcinfo,
                                  [](std::string id, auto before, auto) { pg::note_build(std::move(id), std::move(before)); });
}

// Trigger ciprov.rollup_note_checkouts(): the checkouts whose tree,
// branch or commit changed.
CIPROV_FUNCTION(ciprov_rollup_note_checkouts) {
  return run_trigger<CheckoutReader>(
      fcinfo, [](std::string id, auto before, auto) { pg::note_checkout(std::move(id), std::move(before)); });
}
