// See table_write.h. The setup is the one logical replication's apply
// worker makes for a relation (an executor state with a one-entry range
// table and a result relation with its indexes open), kept for the writes
// of one flush to one table.
#include "pg/table_write.h"

#include <cstring>
#include <string>

#include "core/error.h"
#include "pg/table_read.h"

extern "C" {
#include "access/genam.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "executor/executor.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "storage/lmgr.h"
#include "utils/acl.h"
#include "utils/snapmgr.h"
}

namespace ciprov::pg {

namespace {

[[noreturn]] void internal(const std::string& message) {
  throw core::Error(core::sqlstate::kInternalError, message);
}

}  // namespace

TableWriter::TableWriter(const char* table, bool anchors) : anchors_(anchors) {
  const Oid oid = relation_oid(table);
  Relation rel = guarded([oid] { return table_open(oid, RowExclusiveLock); });
  if (rel->trigdesc != nullptr || rel->rd_rel->relrowsecurity)
    throw core::Error(core::sqlstate::kFeatureNotSupported,
                      std::string("ciprov.") + table + " has triggers or row security: the rollup flush cannot write it");
  guarded([this, rel, oid, anchors] {
    estate_ = CreateExecutorState();
    RangeTblEntry* rte = makeNode(RangeTblEntry);
    rte->rtekind = RTE_RELATION;
    rte->relid = oid;
    rte->relkind = rel->rd_rel->relkind;
    rte->rellockmode = RowExclusiveLock;
    ExecInitRangeTable(estate_, list_make1(rte));
    info_ = makeNode(ResultRelInfo);
    InitResultRelInfo(info_, rel, 1, nullptr, 0);
    ExecOpenIndices(info_, anchors);
    estate_->es_output_cid = GetCurrentCommandId(true);
    row_ = ExecInitExtraTupleSlot(estate_, RelationGetDescr(rel), &TTSOpsVirtual);
    found_ = table_slot_create(rel, &estate_->es_tupleTable);
    // (the statements before this one in the transaction become visible)
    CommandCounterIncrement();
    snapshot_ = RegisterSnapshot(GetLatestSnapshot());
    estate_->es_snapshot = snapshot_;
  });
}

void TableWriter::close() {
  guarded([this] {
    Relation rel = info_->ri_RelationDesc;
    ExecCloseIndices(info_);
    ExecResetTupleTable(estate_->es_tupleTable, false);
    FreeExecutorState(estate_);
    UnregisterSnapshot(snapshot_);
    table_close(rel, NoLock);  // (the lock is kept to the end of the transaction)
    CommandCounterIncrement();
  });
  estate_ = nullptr;
  info_ = nullptr;
}

int TableWriter::column(const char* name) const { return relation_column(info_->ri_RelationDesc, name); }

TupleTableSlot* TableWriter::row() {
  TupleTableSlot* slot = row_;
  guarded([slot] { ExecClearTuple(slot); });
  for (int i = 0; i < slot->tts_tupleDescriptor->natts; ++i) {
    slot->tts_values[i] = static_cast<Datum>(0);
    slot->tts_isnull[i] = true;
  }
  return slot;
}

Relation TableWriter::index_named(const char* index) const {
  for (int i = 0; i < info_->ri_NumIndices; ++i)
    if (std::strcmp(RelationGetRelationName(info_->ri_IndexRelationDescs[i]), index) == 0)
      return info_->ri_IndexRelationDescs[i];
  internal(std::string("index ciprov.") + index + " is not an index of the table written");
}

TupleTableSlot* TableWriter::find(const char* index, ScanKey keys, int nkeys) {
  Relation idx = index_named(index);
  for (int k = 0; k < nkeys; ++k) keys[k].sk_collation = idx->rd_indcollation[keys[k].sk_attno - 1];
  check_privilege(ACL_SELECT);
  Relation rel = info_->ri_RelationDesc;
  TupleTableSlot* slot = found_;
  Snapshot snapshot = snapshot_;
  bool found = guarded([rel, idx, snapshot, keys, nkeys, slot] {
    IndexScanDesc scan = index_beginscan(rel, idx, snapshot, nkeys, 0);
    index_rescan(scan, keys, nkeys, nullptr, 0);
    bool hit = index_getnext_slot(scan, ForwardScanDirection, slot);
    index_endscan(scan);
    return hit;
  });
  return found ? slot : nullptr;
}

void TableWriter::insert() {
  check_privilege(ACL_INSERT);
  guarded([this] {
    ExecStoreVirtualTuple(row_);
    ExecSimpleRelationInsert(info_, estate_, row_);
    ResetPerTupleExprContext(estate_);
  });
}

void TableWriter::update(ItemPointer tid) {
  check_privilege(ACL_UPDATE);
  guarded([this, tid] {
    ExecStoreVirtualTuple(row_);
    // (the row to replace is named by the search slot's row id alone: no
    // trigger reads the rest)
    found_->tts_tid = *tid;
    ExecSimpleRelationUpdate(info_, estate_, nullptr, found_, row_);
    ResetPerTupleExprContext(estate_);
  });
}

void TableWriter::remove(ItemPointer tid) {
  check_privilege(ACL_DELETE);
  guarded([this, tid] {
    found_->tts_tid = *tid;
    ExecSimpleRelationDelete(info_, estate_, nullptr, found_);
  });
}

// The loop of ExecInsert's ON CONFLICT path (nodeModifyTable.c), for one
// arbiter index and a lock in place of the update: look for a row with the
// key (any committed or in-progress version, waiting for an in-progress
// inserter); lock it, or insert speculatively and start over if someone
// inserted the key meanwhile.
TupleTableSlot* TableWriter::insert_or_lock(const char* index, bool* inserted) {
  if (!anchors_) internal("insert_or_lock on a table writer not opened for anchors");
  Relation idx = index_named(index);
  if (!idx->rd_index->indisunique) internal(std::string("index ciprov.") + index + " is not unique");
  check_privilege(ACL_INSERT | ACL_UPDATE | ACL_SELECT);
  const Oid arbiter = RelationGetRelid(idx);
  *inserted = guarded([this, arbiter] {
    Relation rel = info_->ri_RelationDesc;
    List* arbiters = list_make1_oid(arbiter);
    ExecStoreVirtualTuple(row_);
    for (;;) {
      CHECK_FOR_INTERRUPTS();
      ItemPointerData conflict;
      if (!ExecCheckIndexConstraints(info_, row_, estate_, &conflict, arbiters)) {
        TM_FailureData failure;
        TM_Result r = table_tuple_lock(rel, &conflict, estate_->es_snapshot, found_, estate_->es_output_cid,
                                       LockTupleNoKeyExclusive, LockWaitBlock, 0, &failure);
        ResetPerTupleExprContext(estate_);
        if (r == TM_Ok) {
          // (as ON CONFLICT under a transaction snapshot: the row must be
          // one it sees, or one this transaction made)
          if (IsolationUsesXactSnapshot() && !table_tuple_satisfies_snapshot(rel, found_, GetTransactionSnapshot())) {
            bool isnull = false;
            Datum xmin = slot_getsysattr(found_, MinTransactionIdAttributeNumber, &isnull);
            if (!TransactionIdIsCurrentTransactionId(DatumGetTransactionId(xmin)))
              ereport(ERROR, (errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
                              errmsg("could not serialize access due to concurrent update")));
          }
          list_free(arbiters);
          return false;
        }
        if (r != TM_Updated && r != TM_Deleted) elog(ERROR, "unexpected result %d locking an anchor", static_cast<int>(r));
        if (IsolationUsesXactSnapshot())
          ereport(ERROR, (errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
                          errmsg("could not serialize access due to concurrent update")));
        continue;  // (changed or gone meanwhile: look again)
      }
      ResetPerTupleExprContext(estate_);
      if (rel->rd_att->constr != nullptr) ExecConstraints(info_, row_, estate_);
      const uint32 token = SpeculativeInsertionLockAcquire(GetCurrentTransactionId());
      table_tuple_insert_speculative(rel, row_, estate_->es_output_cid, 0, nullptr, token);
      bool lost = false;
      List* recheck = ExecInsertIndexTuples(info_, row_, estate_, false, true, &lost, arbiters);
      table_tuple_complete_speculative(rel, row_, token, !lost);
      SpeculativeInsertionLockRelease(GetCurrentTransactionId());
      list_free(recheck);
      ResetPerTupleExprContext(estate_);
      if (!lost) {
        list_free(arbiters);
        return true;
      }
    }
  });
  return *inserted ? row_ : found_;
}

void TableWriter::check_privilege(AclMode mode) {
  if ((checked_ & mode) == mode) return;
  Relation rel = info_->ri_RelationDesc;
  guarded([rel, mode] {
    AclResult acl = pg_class_aclcheck(RelationGetRelid(rel), GetUserId(), mode);
    if (acl != ACLCHECK_OK) aclcheck_error(acl, OBJECT_TABLE, RelationGetRelationName(rel));
  });
  checked_ |= mode;
}

}  // namespace ciprov::pg
