// The generated kcidb merge statements (core/kcidb_columns).
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "core/kcidb_columns.h"
#include "core/kcidb_submit.h"

namespace kcidb = ciprov::core::kcidb;

namespace {

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size()))
    ++n;
  return n;
}

}  // namespace

TEST(KcidbColumns, EveryKindHasATable) {
  for (const char* kind : kcidb::kKinds) EXPECT_EQ(kcidb::table(kind).kind, kind);
  EXPECT_THROW(kcidb::table("revisions"), std::out_of_range);
}

TEST(KcidbColumns, TestsFlattenNestedObjects) {
  const std::string sql = kcidb::upsert_sql(kcidb::table("tests"));
  EXPECT_EQ(sql.rfind("INSERT INTO ciprov.tests AS t (_timestamp, build_id, id, origin, "
                      "environment_comment, environment_misc, environment_compatible, path,",
                      0),
            0u)
      << sql;
  // The nested objects are read once each, as jsonb, then flattened.
  EXPECT_EQ(count(sql, "environment pg_catalog.jsonb"), 1u);
  EXPECT_NE(sql.find("CROSS JOIN LATERAL pg_catalog.jsonb_to_record(r.environment) AS "
                     "environment(comment pg_catalog.text, misc pg_catalog.jsonb, compatible "
                     "pg_catalog.text[])"),
            std::string::npos);
  EXPECT_NE(sql.find("AS number(value pg_catalog.float8, unit pg_catalog.text, prefix "
                     "pg_catalog.text)"),
            std::string::npos);
  EXPECT_NE(sql.find("environment.compatible"), std::string::npos);
  EXPECT_NE(sql.find("jsonb_object_field($1, 'tests')"), std::string::npos);
  EXPECT_NE(sql.find("path ciprov.testpath"), std::string::npos);
}

TEST(KcidbColumns, MergeRules) {
  const std::string sql = kcidb::upsert_sql(kcidb::table("checkouts"));
  EXPECT_NE(sql.find("COALESCE(r._timestamp, pg_catalog.now())"), std::string::npos);
  EXPECT_NE(sql.find("ORDER BY r.id COLLATE \"C\"\nON CONFLICT (id) DO UPDATE SET"),
            std::string::npos);
  EXPECT_NE(sql.find("_timestamp = GREATEST(t._timestamp, EXCLUDED._timestamp)"),
            std::string::npos);
  EXPECT_NE(sql.find("misc = COALESCE(t.misc, EXCLUDED.misc)"), std::string::npos);
  EXPECT_EQ(sql.find("id = COALESCE(t.id"), std::string::npos);  // the key is not updated
  // 21 non-key columns, each merged once.
  EXPECT_EQ(count(sql, "EXCLUDED."), 21u);
}

TEST(KcidbColumns, IssuesKeyOnIdAndVersion) {
  const std::string sql = kcidb::upsert_sql(kcidb::table("issues"));
  EXPECT_NE(sql.find("ORDER BY r.id COLLATE \"C\", r.version\nON CONFLICT (id, version)"),
            std::string::npos);
  EXPECT_EQ(sql.find("version = COALESCE"), std::string::npos);
  EXPECT_NE(sql.find("culprit_harness = COALESCE(t.culprit_harness, EXCLUDED.culprit_harness)"),
            std::string::npos);
  EXPECT_NE(sql.find("categories ciprov.testpath[]"), std::string::npos);
}
