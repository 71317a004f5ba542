// The checkouts of one revision (commit hash, and a patchset hash or an
// origin), read through ciprov.checkouts_commit (git_commit_hash,
// patchset_hash): what revision_summary and tree_compare start from.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ciprov::pg {

// The ids of the checkouts with git_commit_hash = commit and, when given,
// COALESCE(patchset_hash, '') = patchset and origin = origin; sorted,
// each once. The caller's SELECT privilege on ciprov.checkouts is checked.
std::vector<std::string> revision_checkouts(std::string_view commit, std::optional<std::string_view> patchset,
                                            std::optional<std::string_view> origin);

}  // namespace ciprov::pg
