// See rollup_notes.h.
#include "pg/rollup_notes.h"

#include <utility>

namespace ciprov::pg::notes {

namespace {

// Notes a flush folded in under a subtransaction that may still roll back.
struct Batch {
  SubTransactionId subxact;
  Pending notes;
};

Pending g_pending;
std::vector<Batch> g_folded;
int g_submits = 0;
bool g_marker = false;
bool g_callbacks = false;

template <typename T>
void append(std::vector<T>& to, std::vector<T>& from) {
  for (T& x : from) to.push_back(std::move(x));
  from.clear();
}

void at_xact_event(XactEvent event, void*) {
  if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_COMMIT ||
      event == XACT_EVENT_PARALLEL_ABORT || event == XACT_EVENT_PREPARE) {
    g_pending = Pending{};
    g_folded.clear();
    g_submits = 0;
    g_marker = false;
  }
}

// A committed subtransaction's folded notes become its parent's; a
// rolled-back one's (and its children's, which have later ids) are undone,
// so their notes are pending again, ahead of later notes.
void at_subxact_event(SubXactEvent event, SubTransactionId mine, SubTransactionId parent, void*) {
  if (event == SUBXACT_EVENT_COMMIT_SUB) {
    for (Batch& b : g_folded)
      if (b.subxact == mine) b.subxact = parent;
  } else if (event == SUBXACT_EVENT_ABORT_SUB) {
    Pending again;
    auto keep = g_folded.begin();
    for (Batch& b : g_folded) {
      if (b.subxact >= mine) {
        append(again.tests, b.notes.tests);
        append(again.builds, b.notes.builds);
        append(again.checkouts, b.notes.checkouts);
      } else {
        *keep++ = std::move(b);
      }
    }
    g_folded.erase(keep, g_folded.end());
    append(again.tests, g_pending.tests);
    append(again.builds, g_pending.builds);
    append(again.checkouts, g_pending.checkouts);
    // What the rolled-back subtransaction (or a child: later ids) wrote is
    // gone: those notes' states now are not.
    for (TestNote& t : again.tests)
      if (t.subxact >= mine) t.now_known = false;
    g_pending = std::move(again);
  }
}

}  // namespace

Pending& pending() { return g_pending; }

void register_callbacks() {
  if (g_callbacks) return;
  guarded([] {
    RegisterXactCallback(at_xact_event, nullptr);
    RegisterSubXactCallback(at_subxact_event, nullptr);
  });
  g_callbacks = true;
}

void retire() {
  SubTransactionId subxact = guarded([] { return GetCurrentSubTransactionId(); });
  // (at the top level only the whole transaction can undo the flush)
  if (subxact != TopSubTransactionId) g_folded.push_back(Batch{subxact, std::move(g_pending)});
  g_pending = Pending{};
}

int& submits_running() { return g_submits; }

bool& marker_placed() { return g_marker; }

}  // namespace ciprov::pg::notes
