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
#include "pg/rollup_columns.h"
#include "pg/rollup_notes.h"
#include "pg/rollup_row.h"
#include "pg/table_read.h"
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

// The 0-based attribute of column `name` of the triggering table; a
// table without it is not one these triggers serve.
int trigger_column(Relation rel, const char* name) {
  const int att = pg::find_column(rel, name);
  if (att >= 0) return att;
  throw ciprov::core::Error("42703", std::string("ciprov rollup trigger: no column ") + name);
}

rollup::Text text_of(Datum d, bool isnull) {
  if (isnull) return std::nullopt;
  return std::string(pg::text_bytes(d));
}

// A ciprov.tests row as the counters see it (the readers' id() and state()
// read a deformed slot).
class TestReader {
 public:
  explicit TestReader(Relation rel)
      : id_(trigger_column(rel, "id")),
        build_id_(trigger_column(rel, "build_id")),
        path_(trigger_column(rel, "path")),
        status_(trigger_column(rel, "status")),
        misc_(trigger_column(rel, "environment_misc")),
        compatible_(trigger_column(rel, "environment_compatible")),
        start_(trigger_column(rel, "start_time")),
        labels_(pg::rollup::status_labels(TupleDescAttr(RelationGetDescr(rel), status_)->atttypid)) {}

  std::string id(TupleTableSlot* slot) const { return pg::text_at(slot, id_).value_or(std::string()); }

  rollup::TestState state(TupleTableSlot* slot) const {
    const Datum* v = slot->tts_values;
    const bool* null = slot->tts_isnull;
    rollup::TestState t;
    t.build_id = pg::text_at(slot, build_id_);
    if (!null[path_]) t.path = std::string(pg::testpath_text(v[path_]));
    t.status = labels_.status(v[status_], null[status_]);
    if (!null[start_]) t.start = DatumGetTimestampTz(v[start_]);
    std::optional<std::string_view> platform = ciprov::core::hardware::platform(
        pg::read_environment(v[misc_], null[misc_], v[compatible_], null[compatible_]));
    if (platform) t.platform = std::string(*platform);
    if (!null[compatible_]) t.compatible = compatible_list(v[compatible_]);
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
  const pg::rollup::StatusLabels& labels_;
};

// A ciprov.builds or ciprov.checkouts row as the rollups see it: its id
// and the attributes of pg/rollup_columns.h.
template <typename Columns>
class AttrsReader {
 public:
  explicit AttrsReader(Relation rel) : id_(trigger_column(rel, "id")), c_(rel, trigger_column) {}

  std::string id(TupleTableSlot* slot) const { return pg::text_at(slot, id_).value_or(std::string()); }
  typename Columns::State state(TupleTableSlot* slot) const { return c_.read(slot); }

 private:
  int id_;
  Columns c_;
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
  Reader reader(td->tg_relation);
  using State = decltype(reader.state(nullptr));
  bool noted = false;
  pair_rows<State>(
      td,
      [&](TupleTableSlot* slot) {
        pg::guarded([slot] { slot_getallattrs(slot); });
        return std::make_pair(reader.id(slot), reader.state(slot));
      },
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
  return run_trigger<AttrsReader<pg::BuildColumns>>(fcinfo,
                                  [](std::string id, auto before, auto) { pg::note_build(std::move(id), std::move(before)); });
}

// Trigger ciprov.rollup_note_checkouts(): the checkouts whose tree,
// branch or commit changed.
CIPROV_FUNCTION(ciprov_rollup_note_checkouts) {
  return run_trigger<AttrsReader<pg::CheckoutColumns>>(
      fcinfo, [](std::string id, auto before, auto) { pg::note_checkout(std::move(id), std::move(before)); });
}
