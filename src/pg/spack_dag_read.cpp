#include "pg/spack_dag_read.h"

#include "core/error.h"
#include "pg/datum.h"
#include "pg/guard.h"

extern "C" {
#include "access/genam.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/namespace.h"
#include "executor/tuptable.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
}

namespace ciprov::pg {

namespace {

// Under guarded(): every call below may raise. Returns NULL when not found.
struct varlena* lookup(Datum key_text) {
  Oid ns = get_namespace_oid("ciprov", false);
  Oid rel_id = get_relname_relid("spack_nodes", ns);
  Oid index_id = get_relname_relid("spack_nodes_hash_key", ns);  // from UNIQUE (hash)
  if (!OidIsValid(rel_id) || !OidIsValid(index_id))
    elog(ERROR, "ciprov.spack_nodes or its hash index is missing");
  AclResult acl = pg_class_aclcheck(rel_id, GetUserId(), ACL_SELECT);
  if (acl != ACLCHECK_OK) aclcheck_error(acl, OBJECT_TABLE, "spack_nodes");
  Relation heap = table_open(rel_id, AccessShareLock);
  Relation index = index_open(index_id, AccessShareLock);
  AttrNumber dag_att = get_attnum(rel_id, "dag");
  if (dag_att == InvalidAttrNumber) elog(ERROR, "ciprov.spack_nodes has no column dag");
  ScanKeyData key;
  ScanKeyEntryInitialize(&key, 0, 1, BTEqualStrategyNumber, InvalidOid,
                         index->rd_indcollation[0], F_TEXTEQ, key_text);
  IndexScanDesc scan = index_beginscan(heap, index, GetActiveSnapshot(), 1, 0);
  index_rescan(scan, &key, 1, nullptr, 0);
  TupleTableSlot* slot = table_slot_create(heap, nullptr);
  struct varlena* out = nullptr;
  if (index_getnext_slot(scan, ForwardScanDirection, slot)) {
    bool isnull = false;
    Datum d = slot_getattr(slot, dag_att, &isnull);
    if (!isnull) out = PG_DETOAST_DATUM_COPY(d);
  }
  ExecDropSingleTupleTableSlot(slot);
  index_endscan(scan);
  index_close(index, NoLock);
  table_close(heap, NoLock);
  return out;
}

}  // namespace

std::string_view read_stored_dag(const std::string& hash) {
  Datum key = text_datum(hash);
  struct varlena* v = guarded([key] { return lookup(key); });
  if (v == nullptr)
    throw core::Error(core::sqlstate::kInvalidParameterValue,
                      "no Spack node has hash " + core::quoted(hash));
  return {VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v)};
}

}  // namespace ciprov::pg
