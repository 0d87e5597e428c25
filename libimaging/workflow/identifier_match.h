#pragma once
// Matching harvested identifiers in text, shared by the report (is an input path safe to print?)
// and verify (did anything survive?).
#include <string>
#include <string_view>
#include <vector>

namespace imaging::workflow {

// True when identifier occurs in text, ASCII case-insensitively, not inside a longer word (the
// characters around it are not ASCII letters or digits). Identifiers too short to mean anything
// (see usableIdentifier) never match.
bool containsIdentifier(std::string_view text, std::string_view identifier);

// At least 2 bytes, and all-digit identifiers at least 4 digits: shorter ones would match
// instance numbers and sizes by chance.
bool usableIdentifier(std::string_view identifier);

// Sorted, de-duplicated, usable identifiers only.
std::vector<std::string> normalizeIdentifiers(std::vector<std::string> identifiers);

// Index of the first identifier found in text, or -1.
int findAnyIdentifier(std::string_view text, const std::vector<std::string>& identifiers);

// For paths that go into a report: also true when an identifier of 4 or more letters or digits
// hides in the path with its separators dropped or changed ("ErnaOnboarding", "erna_onboarding",
// "1990-01-01", "01.01.1990" for a birth date 19900101), in any letter case.
bool pathHoldsIdentifier(std::string_view path, const std::vector<std::string>& ids);

}  // namespace imaging::workflow
