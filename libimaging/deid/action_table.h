#pragma once
// PS3.15 Table E.1-1 as data (generated/action_table.inc) and the lookup the engine uses.
#include <cstddef>
#include <cstdint>
#include <string>

#include "imaging/deid/profile.h"

namespace imaging::deid {

enum class TagMatch { Exact, Masked, PrivateGroups };

// One row of Table E.1-1, as generated. Empty option strings mean "no entry in that column".
struct ActionRow {
  const char* tag_text;
  TagMatch match;
  std::uint16_t group, element, group_mask, element_mask;
  const char* name;
  const char* basic;  // "X", "Z", "D", "U", "K", "C", or compound "X/Z", "X/D", "X/Z/D", "Z/D", "X/Z/U*"
  const char* retain_safe_private;
  const char* retain_uids;
  const char* retain_device_identity;
  const char* retain_institution_identity;
  const char* retain_patient_characteristics;
  const char* retain_long_full_dates;
  const char* retain_long_modified_dates;
  const char* clean_descriptors;
  const char* clean_structured_content;
  const char* clean_graphics;

  const char* optionColumn(DeidOption option) const noexcept;
};

// The single actions of the table; a compound basic action is a set of them.
enum class Action : std::uint8_t { Remove = 1, Empty = 2, Dummy = 4, Uid = 8, Keep = 16, Clean = 32 };
using ActionSet = std::uint8_t;
ActionSet parseActions(const char* text) noexcept;  // "X/Z/U*" -> Remove|Empty|Uid

struct ActionTable {
  static const ActionRow* rows() noexcept;
  static std::size_t size() noexcept;
  static const char* edition() noexcept;
  static const char* sourceSha256() noexcept;
  // The row for a tag: exact rows first (the table's, then ScanShare's additions in
  // beyond_table.h), then patterns (50xx curves, 60xx overlays), then the
  // private-groups row for odd groups. nullptr when the table does not list the attribute.
  static const ActionRow* find(std::uint16_t group, std::uint16_t element) noexcept;
};

// The action the profile's options select for a row, as a set: an option column (K or C) replaces
// the basic action; when several chosen options name the row, C wins over K (safer, still keeps a
// value). Returns the parsed basic action when no chosen option names the row.
ActionSet effectiveActions(const ActionRow& row, const Profile& profile) noexcept;

}  // namespace imaging::deid
