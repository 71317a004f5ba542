#include "core/kcidb_submit.h"

#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/kcidb_upgrade.h"
#include "core/kcidb_validate.h"

namespace ciprov::core::kcidb {

using nlohmann::json;

namespace {

[[noreturn]] void reject(const std::vector<Problem>& problems) {
  if (problems.empty()) throw Error(sqlstate::kInternalError, "kcidb: a document was refused without a reason");
  std::string detail;
  for (const Problem& p : problems) {
    if (!detail.empty()) detail += '\n';
    detail += format_problem(p);
  }
  std::string hint = problems.size() == 1
                         ? std::string()
                         : "The document has " + std::to_string(problems.size()) +
                               " problems; DETAIL lists them all. Nothing was stored.";
  throw Error(sqlstate::kInvalidParameterValue, format_problem(problems.front()), detail, hint);
}

std::string key_of(const json& obj, bool is_issue) {
  std::string key = obj.value("id", std::string());
  if (is_issue) {
    key += '\x1f';
    key += obj.contains("version") ? obj["version"].dump() : std::string();
  }
  return key;
}

// First non-null value wins; objects below the top level merge the same way.
void merge_into(json& kept, const json& later, bool nested) {
  for (auto it = later.begin(); it != later.end(); ++it) {
    auto have = kept.find(it.key());
    if (have == kept.end() || have->is_null()) {
      kept[it.key()] = it.value();
    } else if (nested && have->is_object() && it.value().is_object() && it.key() != "misc") {
      merge_into(*have, it.value(), false);
    }
  }
}

}  // namespace

bool merge_duplicates(json& doc) {
  bool merged = false;
  for (const char* kind : kKinds) {
    auto arr = doc.find(kind);
    if (arr == doc.end() || !arr->is_array() || arr->size() < 2) continue;
    bool is_issue = std::string(kind) == "issues";
    std::unordered_map<std::string, std::size_t> first;
    first.reserve(arr->size());
    json out = json::array();
    for (json& obj : *arr) {
      auto [pos, fresh] = first.emplace(key_of(obj, is_issue), out.size());
      if (fresh) {
        out.push_back(std::move(obj));
      } else {
        merge_into(out[pos->second], obj, true);
        merged = true;
      }
    }
    *arr = std::move(out);
  }
  return merged;
}

Prepared prepare(json doc) {
  std::vector<Problem> problems;
  Prepared out;
  out.declared = declared_version(doc, problems);
  if (out.declared == 0) reject(problems);
  validate(doc, out.declared, problems);
  if (!problems.empty()) reject(problems);
  if (out.declared != kLatest) {
    upgrade(doc, out.declared, kLatest);
    if (out.declared < 500) {
      out.rewritten = true;
      validate(doc, kLatest, problems);
      if (!problems.empty()) reject(problems);
    }
  }
  if (merge_duplicates(doc)) out.rewritten = true;
  out.doc = std::move(doc);
  return out;
}

}  // namespace ciprov::core::kcidb
