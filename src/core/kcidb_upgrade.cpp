#include "core/kcidb_upgrade.h"

#include <string>

namespace ciprov::core::kcidb {

using nlohmann::json;

namespace {

json* array_of(json& doc, const char* key) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_array() ? &*it : nullptr;
}

void rename(json& obj, const char* from, const char* to) {
  auto it = obj.find(from);
  if (it == obj.end()) return;
  json value = std::move(*it);
  obj.erase(it);
  obj[to] = std::move(value);
}

// "origin:rest" -> origin, rest; ids without a colon are left alone.
bool split_origin(const std::string& id, std::string& origin, std::string& rest) {
  std::size_t colon = id.find(':');
  if (colon == std::string::npos) return false;
  origin = id.substr(0, colon);
  rest = id.substr(colon + 1);
  return true;
}

void v2_to_v3(json& doc) {
  std::string origin, rest;
  if (json* revisions = array_of(doc, "revisions")) {
    for (json& r : *revisions) {
      if (!r.is_object()) continue;
      auto id = r.find("id");
      if (id != r.end() && id->is_string() && split_origin(id->get<std::string>(), origin, rest)) {
        *id = rest;
        r["origin"] = origin;
      }
      rename(r, "git_repository_commit_hash", "git_commit_hash");
      rename(r, "git_repository_commit_name", "git_commit_name");
    }
  }
  for (const char* section : {"builds", "tests"}) {
    json* objects = array_of(doc, section);
    if (!objects) continue;
    for (json& o : *objects) {
      if (!o.is_object()) continue;
      auto id = o.find("id");
      if (id != o.end() && id->is_string() && split_origin(id->get<std::string>(), origin, rest))
        o["origin"] = origin;
      auto rev = o.find("revision_id");
      if (rev != o.end() && rev->is_string() && split_origin(rev->get<std::string>(), origin, rest))
        *rev = rest;
    }
  }
}

void v3_to_v4(json& doc) {
  if (json* revisions = array_of(doc, "revisions")) {
    json checkouts = json::array();
    for (json& r : *revisions) {
      if (!r.is_object()) continue;
      json c = std::move(r);
      std::string id = c.value("id", std::string());
      std::string origin = c.value("origin", std::string());
      std::size_t plus = id.find('+');
      c["patchset_hash"] = plus == std::string::npos ? std::string() : id.substr(plus + 1);
      c["id"] = "_:" + origin + ":" + id;
      rename(c, "description", "comment");
      rename(c, "discovery_time", "start_time");
      rename(c, "patch_mboxes", "patchset_files");
      c.erase("publishing_time");
      checkouts.push_back(std::move(c));
    }
    doc.erase("revisions");
    doc["checkouts"] = std::move(checkouts);
  }
  if (json* builds = array_of(doc, "builds")) {
    for (json& b : *builds) {
      if (!b.is_object()) continue;
      auto rev = b.find("revision_id");
      if (rev != b.end()) {
        std::string checkout =
            "_:" + b.value("origin", std::string()) + ":" + rev->get<std::string>();
        b.erase(rev);
        b["checkout_id"] = std::move(checkout);
      }
      rename(b, "description", "comment");
    }
  }
  if (json* tests = array_of(doc, "tests")) {
    for (json& t : *tests) {
      if (!t.is_object()) continue;
      rename(t, "description", "comment");
      auto env = t.find("environment");
      if (env != t.end() && env->is_object()) rename(*env, "description", "comment");
    }
  }
}

void v4_to_v5(json& doc) {
  if (json* checkouts = array_of(doc, "checkouts"))
    for (json& c : *checkouts)
      if (c.is_object()) c.erase("contacts");
  if (json* builds = array_of(doc, "builds")) {
    for (json& b : *builds) {
      if (!b.is_object()) continue;
      auto valid = b.find("valid");
      if (valid == b.end()) continue;
      bool ok = valid->is_boolean() && valid->get<bool>();
      b.erase(valid);
      b["status"] = ok ? "PASS" : "FAIL";
    }
  }
  if (json* issues = array_of(doc, "issues")) {
    for (json& i : *issues) {
      if (!i.is_object()) continue;
      i.erase("build_valid");
      i.erase("test_status");
    }
  }
  // Waived tests: kcidb keeps the fact as an incident of one shared issue.
  json incidents = json::array();
  if (json* tests = array_of(doc, "tests")) {
    for (json& t : *tests) {
      if (!t.is_object()) continue;
      auto waived = t.find("waived");
      if (waived == t.end()) continue;
      bool yes = waived->is_boolean() && waived->get<bool>();
      t.erase(waived);
      if (!yes) continue;
      std::string test_id = t.value("id", std::string());
      incidents.push_back({{"id", "_:waived:1:" + test_id},
                           {"origin", "_"},
                           {"issue_id", "_:waived"},
                           {"issue_version", 1},
                           {"test_id", test_id},
                           {"present", true}});
    }
  }
  if (!incidents.empty()) {
    doc["issues"].push_back({{"id", "_:waived"},
                             {"origin", "_"},
                             {"version", 1},
                             {"comment", "Test waived as unreliable"}});
    for (json& inc : incidents) doc["incidents"].push_back(std::move(inc));
  }
}

}  // namespace

void upgrade(json& doc, VersionCode from, VersionCode to) {
  int major = from / 100;
  if (major < 3 && to >= 300) {
    v2_to_v3(doc);
    major = 3;
  }
  if (major < 4 && to >= 400) {
    v3_to_v4(doc);
    major = 4;
  }
  if (major < 5 && to >= 500) {
    v4_to_v5(doc);
    major = 5;
  }
  doc["version"] = {{"major", to / 100}, {"minor", to % 100}};
}

}  // namespace ciprov::core::kcidb
