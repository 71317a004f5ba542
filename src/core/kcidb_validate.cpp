#include "core/kcidb_validate.h"

#include "core/json_util.h"

#include <cstdint>
#include <optional>

#include "core/error.h"
#include "core/interrupt.h"

namespace ciprov::core::kcidb {

using nlohmann::json;

namespace {

constexpr std::size_t kLogExcerptMax = 16384;
constexpr std::size_t kShownMax = 80;
constexpr std::int64_t kCountMax = 2147483647;

bool is_lower_hex(const std::string& s, std::size_t from, std::size_t count) {
  if (s.size() < from + count) return false;
  for (std::size_t i = from; i < from + count; ++i) {
    char c = s[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool is_origin(const std::string& s, std::size_t end) {
  if (end == 0) return false;
  for (std::size_t i = 0; i < end; ++i) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

bool is_id(const std::string& s) {
  std::size_t colon = s.find(':');
  return colon != std::string::npos && is_origin(s, colon);
}

bool is_revision_id(const std::string& s) {
  if (s.size() == 40) return is_lower_hex(s, 0, 40);
  return s.size() == 40 + 1 + 64 && is_lower_hex(s, 0, 40) && s[40] == '+' &&
         is_lower_hex(s, 41, 64);
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// A URI has a scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":".
bool is_uri(const std::string& s) {
  std::size_t colon = s.find(':');
  if (colon == std::string::npos || colon == 0) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    char c = s[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (i == 0 ? !alpha : !(alpha || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
      return false;
  }
  for (char c : s)
    if (c == ' ' || static_cast<unsigned char>(c) < 0x20) return false;
  return true;
}

bool digits(const std::string& s, std::size_t at, std::size_t n, int& value) {
  if (s.size() < at + n) return false;
  value = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    value = value * 10 + (s[i] - '0');
  }
  return true;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// RFC 3339 date-time: 2020-08-14T23:08:06.967000+00:00 (T or t, Z or z; no
// space separator, as kcidb's jsonschema date-time check).
bool is_rfc3339(const std::string& s) {
  int y, mo, d, h, mi, se;
  if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || !(s[10] == 'T' || s[10] == 't') || !digits(s, 11, 2, h) ||
      s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, se))
    return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;  // PostgreSQL has no year 0
  int max_day = kDays[mo - 1] + (mo == 2 && is_leap(y) ? 1 : 0);
  if (d > max_day || h > 23 || mi > 59 || se > 60) return false;
  std::size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    ++i;
    std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return false;
  }
  if (i == s.size()) return false;
  if (s[i] == 'Z' || s[i] == 'z') return i + 1 == s.size();
  int oh, om;
  return (s[i] == '+' || s[i] == '-') && s.size() == i + 6 && digits(s, i + 1, 2, oh) &&
         s[i + 3] == ':' && digits(s, i + 4, 2, om) && oh <= 23 && om <= 59;
}

// Device-tree compatible (v5): ^[^ \0]+(,[^ \0]+)*$
bool is_compatible(const std::string& s) {
  if (s.empty() || s.front() == ',' || s.back() == ',') return false;
  char prev = 0;
  for (char c : s) {
    if (c == ' ' || c == '\0' || (c == ',' && prev == ',')) return false;
    prev = c;
  }
  return true;
}

std::size_t utf8_length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string shown(const std::string& s) {
  if (s.size() <= kShownMax) return quoted(s);
  std::size_t cut = kShownMax;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return quoted(s.substr(0, cut)) + "...";
}

using json_util::type_name;

class Validator {
 public:
  Validator(VersionCode version, std::vector<Problem>& problems)
      : v_(version), v5_(version >= 500), problems_(problems) {}

  void document(const json& doc) {
    for (const Section& section : sections()) {
      auto it = doc.find(section.name);
      if (it == doc.end()) continue;
      std::string at = std::string("/") + section.name;
      if (v_ < section.since || v_ > section.until) {
        unknown(at, section.name);
        continue;
      }
      if (!it->is_array()) {
        problem(at, std::string("expected an array of objects, got ") + type_name(*it));
        continue;
      }
      for (std::size_t i = 0; i < it->size(); ++i) {
        ticker_.tick();
        object((*it)[i], *section.fields, at + "/" + std::to_string(i));
      }
    }
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      if (it.key() == "version" || is_section_name(it.key())) continue;
      unknown("/" + pointer_segment(it.key()), it.key());
    }
  }

 private:
  static bool is_section_name(const std::string& key) {
    for (const Section& s : sections())
      if (key == s.name) return true;
    return false;
  }

  void problem(std::string pointer, std::string reason) {
    problems_.push_back({std::move(pointer), std::move(reason)});
  }

  void unknown(const std::string& at, const std::string& key) {
    problem(at, "unknown field " + shown(key) + " in schema v" + version_text(v_));
  }

  const Field* find(const std::vector<Field>& fields, const std::string& key) const {
    for (const Field& f : fields)
      if (key == f.name && v_ >= f.since && v_ <= f.until) return &f;
    return nullptr;
  }

  void object(const json& obj, const std::vector<Field>& fields, const std::string& at) {
    if (!obj.is_object()) {
      problem(at, std::string("expected an object, got ") + type_name(obj));
      return;
    }
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      std::string here = at + "/" + pointer_segment(it.key());
      const Field* f = find(fields, it.key());
      if (f == nullptr) {
        unknown(here, it.key());
        continue;
      }
      value(it.value(), *f, here);
    }
    for (const Field& f : fields)
      if (f.required && v_ >= f.since && v_ <= f.until && obj.find(f.name) == obj.end())
        problem(at, std::string("required field \"") + f.name + "\" is missing");
  }

  // A string value outside misc: v5 bans NUL everywhere.
  bool string(const json& val, const std::string& at) {
    if (!val.is_string()) {
      problem(at, std::string("expected a string, got ") + type_name(val));
      return false;
    }
    if (v5_ && val.get_ref<const std::string&>().find('\0') != std::string::npos) {
      problem(at, "string contains a NUL character, which schema v5 forbids");
      return false;
    }
    return true;
  }

  void value(const json& val, const Field& f, const std::string& at) {
    if (val.is_null()) {
      problem(at, "null is not allowed (omit the field instead; only misc may hold null)");
      return;
    }
    switch (f.kind) {
      case Kind::Bool:
        if (!val.is_boolean())
          problem(at, std::string("expected a boolean, got ") + type_name(val));
        return;
      case Kind::Number:
        if (!val.is_number()) problem(at, std::string("expected a number, got ") + type_name(val));
        return;
      case Kind::Count:
        // kcidb stores issue versions in a PostgreSQL integer column.
        if (json_util::integer_in(val, 0, kCountMax)) return;
        problem(at, std::string("expected an integer from 0 to 2147483647, got ") +
                        (val.is_number() ? val.dump() : std::string(type_name(val))));
        return;
      case Kind::Misc:
        if (!val.is_object()) problem(at, std::string("expected an object, got ") + type_name(val));
        return;
      case Kind::Struct:
        object(val, *f.fields, at);
        return;
      case Kind::TextList:
      case Kind::CompatibleList:
      case Kind::PathList:
      case Kind::ResourceList:
        list(val, f.kind, at);
        return;
      default:
        break;
    }
    if (!string(val, at)) return;
    text(val.get_ref<const std::string&>(), f.kind, at);
  }

  void list(const json& val, Kind kind, const std::string& at) {
    if (!val.is_array()) {
      problem(at, std::string("expected an array, got ") + type_name(val));
      return;
    }
    for (std::size_t i = 0; i < val.size(); ++i) {
      const json& item = val[i];
      std::string here = at + "/" + std::to_string(i);
      if (item.is_null()) {
        problem(here, "null is not allowed (omit the field instead; only misc may hold null)");
        continue;
      }
      if (kind == Kind::ResourceList) {
        resource(item, here);
        continue;
      }
      if (!string(item, here)) continue;
      const std::string& s = item.get_ref<const std::string&>();
      if (kind == Kind::CompatibleList && v5_ && !is_compatible(s))
        problem(
            here,
            shown(s) +
                " is not a valid compatible string (no spaces, comma-separated non-empty parts)");
      else if (kind == Kind::PathList)
        text(s, Kind::TestPath, here);
    }
  }

  void resource(const json& item, const std::string& at) {
    if (!item.is_object()) {
      problem(at, std::string("expected a resource object {name, url}, got ") + type_name(item));
      return;
    }
    for (auto it = item.begin(); it != item.end(); ++it) {
      std::string here = at + "/" + pointer_segment(it.key());
      if (it.value().is_null()) {
        problem(here, "null is not allowed (omit the field instead; only misc may hold null)");
      } else if (it.key() == "name") {
        if (string(it.value(), here)) {
          const std::string& s = it.value().get_ref<const std::string&>();
          if (s.empty() || s.find('/') != std::string::npos)
            problem(here, shown(s) + " is not a valid resource name (non-empty, no \"/\")");
        }
      } else if (it.key() == "url") {
        if (string(it.value(), here))
          text(it.value().get_ref<const std::string&>(), Kind::Url, here);
      } else {
        unknown(here, it.key());
      }
    }
    for (const char* required : {"name", "url"})
      if (item.find(required) == item.end())
        problem(at, std::string("required field \"") + required + "\" is missing");
  }

  void text(const std::string& s, Kind kind, const std::string& at) {
    switch (kind) {
      case Kind::Id:
        if (!is_id(s))
          problem(
              at,
              shown(s) +
                  " is not a valid object id (expected \"<origin>:<id>\", origin of [a-z0-9_]+)");
        return;
      case Kind::Origin:
        if (!is_origin(s, s.size()))
          problem(at, shown(s) + " is not a valid origin (expected [a-z0-9_]+)");
        return;
      case Kind::RevisionId:
        if (!is_revision_id(s))
          problem(at, shown(s) +
                          " is not a valid revision id (a 40-hex commit hash, optionally \"+\" and "
                          "a 64-hex patchset hash)");
        return;
      case Kind::CommitHash:
        if (!(s.size() == 40 && is_lower_hex(s, 0, 40)))
          problem(at, shown(s) + " is not a valid git commit hash (40 lowercase hex digits)");
        return;
      case Kind::PatchsetHash:
        if (!(s.empty() || (s.size() == 64 && is_lower_hex(s, 0, 64))))
          problem(at, shown(s) + " is not a valid patchset hash (\"\" or 64 lowercase hex digits)");
        return;
      case Kind::RepoUrl:
        if (v5_) {
          if (!starts_with(s, "https://"))
            problem(at, shown(s) + " is not an https:// repository URL, which schema v5 requires");
        } else if (!starts_with(s, "https://") && !starts_with(s, "git://")) {
          problem(at, shown(s) + " is not an https:// or git:// repository URL");
        }
        return;
      case Kind::Url:
        if (!is_uri(s)) problem(at, shown(s) + " is not a valid URI");
        return;
      case Kind::Email:
        if (s.find('@') == std::string::npos)
          problem(at, shown(s) + " is not a valid e-mail address");
        return;
      case Kind::Time:
        if (!is_rfc3339(s)) problem(at, shown(s) + " is not an RFC 3339 date-time");
        return;
      case Kind::Architecture:
        if (!is_origin(s, s.size()) && !s.empty())
          problem(at, shown(s) + " is not a valid architecture (expected [a-z0-9_]*)");
        return;
      case Kind::LogExcerpt: {
        std::size_t n = s.size() <= kLogExcerptMax ? 0 : utf8_length(s);
        if (n > kLogExcerptMax)
          problem(at, "log excerpt is " + std::to_string(n) +
                          " characters long, more than the limit of 16384");
        return;
      }
      case Kind::Status:
        if (s == "FAIL" || s == "ERROR" || s == "PASS" || s == "DONE" || s == "SKIP" ||
            (s == "MISS" && v_ >= 402))
          return;
        problem(at, shown(s) + " is not a valid status (expected one of " +
                        (v_ >= 402 ? "FAIL, ERROR, MISS, PASS, DONE, SKIP)"
                                   : "FAIL, ERROR, PASS, DONE, SKIP)"));
        return;
      case Kind::TestPath:
        if (v5_ && !is_v5_test_path(s)) problem(at, shown(s) + " is not a valid test path");
        return;
      case Kind::NumberPrefix:
        if (s != "metric" && s != "binary")
          problem(at,
                  shown(s) + " is not a valid number prefix (expected \"metric\" or \"binary\")");
        return;
      default:
        return;  // Kind::Text: any string (NUL already checked)
    }
  }

  VersionCode v_;
  bool v5_;
  std::vector<Problem>& problems_;
  InterruptTicker ticker_{256};
};

}  // namespace

std::string pointer_segment(const std::string& key) { return json_util::pointer_token(key); }

std::string format_problem(const Problem& p) {
  return (p.pointer.empty() ? std::string("/") : p.pointer) + ": " + p.reason;
}

VersionCode declared_version(const json& doc, std::vector<Problem>& problems) {
  if (!doc.is_object()) {
    problems.push_back(
        {"", std::string("a kcidb document must be a JSON object, got ") + type_name(doc)});
    return 0;
  }
  auto it = doc.find("version");
  if (it == doc.end()) {
    problems.push_back({"", "required field \"version\" is missing"});
    return 0;
  }
  const json& ver = *it;
  if (!ver.is_object()) {
    problems.push_back(
        {"/version", std::string("expected an object {major, minor}, got ") + type_name(ver)});
    return 0;
  }
  std::size_t before = problems.size();
  for (auto f = ver.begin(); f != ver.end(); ++f)
    if (f.key() != "major" && f.key() != "minor")
      problems.push_back({"/version/" + pointer_segment(f.key()),
                          "unknown field " + shown(f.key()) + " in the version"});
  // (unsigned: nlohmann reads a non-negative integer of any size up to
  // 2^64 - 1 as one, and a schema version that large is only unknown)
  auto integer = [&](const char* key, bool required, std::optional<std::uint64_t>& out) {
    auto v = ver.find(key);
    if (v == ver.end()) {
      if (required)
        problems.push_back({"/version", std::string("required field \"") + key + "\" is missing"});
      return;
    }
    if (const std::optional<std::uint64_t> n = json_util::non_negative_integer(*v)) {
      out = n;
    } else if (v->is_number_float() && v->get<double>() >= 0 && v->get<double>() < 1e6 &&
               v->get<double>() ==
                   static_cast<double>(static_cast<std::int64_t>(v->get<double>()))) {
      out = static_cast<std::uint64_t>(v->get<double>());
    } else {
      problems.push_back(
          {std::string("/version/") + key, std::string("expected an integer >= 0, got ") +
                                               (v->is_number() ? v->dump() : type_name(*v))});
    }
  };
  std::optional<std::uint64_t> major, minor = 0;
  integer("major", true, major);
  integer("minor", false, minor);
  if (problems.size() != before || !major || !minor) return 0;
  VersionCode code =
      (*major < 100 && *minor < 100) ? static_cast<VersionCode>(*major * 100 + *minor) : -1;
  if (!is_known_version(code)) {
    problems.push_back({"/version", "unsupported kcidb schema version " + std::to_string(*major) +
                                        "." + std::to_string(*minor) + " (ciprov accepts " +
                                        known_versions_text() + ")"});
    return 0;
  }
  return code;
}

void validate(const json& doc, VersionCode version, std::vector<Problem>& problems) {
  Validator(version, problems).document(doc);
}

}  // namespace ciprov::core::kcidb
