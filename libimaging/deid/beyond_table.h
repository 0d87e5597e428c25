#pragma once
// ScanShare's own rules for attributes that PS3.15 Table E.1-1 (2024b) does not list but that carry
// identity on real media. Kept apart from the generated table so the table stays the standard's;
// each rule says why (docs/deidentification.md, "Beyond the table").
#include <cstddef>

#include "action_table.h"

namespace imaging::deid {

struct AdditionalRule {
  ActionRow row;       // same shape as a table row (exact tag, basic action, option columns)
  const char* reason;  // why the attribute identifies someone
};

const AdditionalRule* additionalRules() noexcept;
std::size_t additionalRuleCount() noexcept;

}  // namespace imaging::deid
