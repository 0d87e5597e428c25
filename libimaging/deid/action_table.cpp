#include "action_table.h"

#include <iterator>

#include "beyond_table.h"

#include <unordered_map>
#include <vector>

namespace imaging::deid {
namespace {

const ActionRow kRows[] = {
#include "generated/action_table.inc"
};

struct Index {
  std::unordered_map<std::uint32_t, const ActionRow*> exact;
  std::vector<const ActionRow*> masked;
  const ActionRow* private_groups = nullptr;

  Index() {
    for (const ActionRow& row : kRows) {
      switch (row.match) {
        case TagMatch::Exact: exact.emplace((std::uint32_t{row.group} << 16) | row.element, &row); break;
        case TagMatch::Masked: masked.push_back(&row); break;
        case TagMatch::PrivateGroups: private_groups = &row; break;
      }
    }
    // ScanShare's additions (beyond_table.cpp) are exact tags the table does not list; emplace
    // never replaces a table row.
    for (std::size_t i = 0; i < additionalRuleCount(); ++i) {
      const ActionRow& row = additionalRules()[i].row;
      exact.emplace((std::uint32_t{row.group} << 16) | row.element, &row);
    }
  }
};

const Index& index() {
  static const Index instance;
  return instance;
}

}  // namespace

const char* ActionRow::optionColumn(DeidOption option) const noexcept {
  // The table's option columns, in DeidOption order (see optionInfo()).
  static constexpr const char* ActionRow::*kColumns[] = {
      &ActionRow::retain_safe_private,        &ActionRow::retain_uids,
      &ActionRow::retain_device_identity,     &ActionRow::retain_institution_identity,
      &ActionRow::retain_patient_characteristics, &ActionRow::retain_long_full_dates,
      &ActionRow::retain_long_modified_dates, &ActionRow::clean_descriptors,
      &ActionRow::clean_structured_content,   &ActionRow::clean_graphics};
  static_assert(std::size(kColumns) == static_cast<std::size_t>(DeidOption::CleanGraphics) + 1,
                "one column per DeidOption");
  return this->*kColumns[static_cast<std::size_t>(option)];
}

ActionSet parseActions(const char* text) noexcept {
  ActionSet set = 0;
  for (const char* p = text; *p; ++p) {
    switch (*p) {
      case 'X': set |= static_cast<ActionSet>(Action::Remove); break;
      case 'Z': set |= static_cast<ActionSet>(Action::Empty); break;
      case 'D': set |= static_cast<ActionSet>(Action::Dummy); break;
      case 'U': set |= static_cast<ActionSet>(Action::Uid); break;
      case 'K': set |= static_cast<ActionSet>(Action::Keep); break;
      case 'C': set |= static_cast<ActionSet>(Action::Clean); break;
      default: break;  // '/', '*'
    }
  }
  return set;
}

const ActionRow* ActionTable::rows() noexcept { return kRows; }
std::size_t ActionTable::size() noexcept { return sizeof kRows / sizeof kRows[0]; }
const char* ActionTable::edition() noexcept { return SCANSHARE_ACTION_TABLE_EDITION; }
const char* ActionTable::sourceSha256() noexcept { return SCANSHARE_ACTION_TABLE_SHA256; }

const ActionRow* ActionTable::find(std::uint16_t group, std::uint16_t element) noexcept {
  const Index& idx = index();
  if (group & 1u) return idx.private_groups;
  const auto it = idx.exact.find((std::uint32_t{group} << 16) | element);
  if (it != idx.exact.end()) return it->second;
  for (const ActionRow* row : idx.masked) {
    if ((group & row->group_mask) == row->group && (element & row->element_mask) == row->element) return row;
  }
  return nullptr;
}

ActionSet effectiveActions(const ActionRow& row, const Profile& profile) noexcept {
  bool keep = false;
  bool clean = false;
  for (DeidOption option : profile.options) {
    const char* column = row.optionColumn(option);  // "K", "C" or another code: compared in place
    if (column[0] == 'K' && column[1] == '\0') keep = true;
    if (column[0] == 'C' && column[1] == '\0') clean = true;
  }
  if (clean) return static_cast<ActionSet>(Action::Clean);
  if (keep) return static_cast<ActionSet>(Action::Keep);
  return parseActions(row.basic);
}

}  // namespace imaging::deid
