#include "pg/spack_dag_read.h"

#include <vector>

#include "core/error.h"
#include "pg/datum.h"
#include "pg/guard.h"
#include "pg/table_read.h"

extern "C" {
#include "access/stratnum.h"
#include "utils/fmgroids.h"
}

namespace ciprov::pg {

std::string_view read_stored_dag(const std::string& hash) {
  static TableColumns<1> columns({"dag"});
  TableRead r = open_table_read("spack_nodes", "spack_nodes_hash_key");  // (from UNIQUE (hash))
  const int dag = columns.find(r)[0];
  ScanKeyData key;
  ScanKeyEntryInitialize(&key, 0, 1, BTEqualStrategyNumber, InvalidOid, r.index->rd_indcollation[0],
                         F_TEXTEQ, text_datum(hash));
  std::vector<ItemPointerData> tids;
  index_tids(r, &key, 1, tids);
  struct varlena* bytes = nullptr;
  fetch_in_heap_order(r, tids, [dag, &bytes](TupleTableSlot* slot) {
    guarded([slot, dag] { slot_getsomeattrs(slot, dag + 1); });
    if (slot->tts_isnull[dag]) return;
    Datum d = slot->tts_values[dag];
    bytes = guarded([d] { return PG_DETOAST_DATUM_COPY(d); });
  });
  close_table_read(r);
  if (bytes == nullptr)
    throw core::Error(core::sqlstate::kInvalidParameterValue,
                      "no Spack node has hash " + core::quoted(hash));
  return {VARDATA_ANY(bytes), VARSIZE_ANY_EXHDR(bytes)};
}

}  // namespace ciprov::pg
