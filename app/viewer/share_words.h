#pragma once
// Plain words for the share flow: why the engine leaves a series out, what happens to an
// attribute, and the before/after rows merged from the dry run of several series.
#include <QString>
#include <string>
#include <vector>

#include "imaging/workflow/verify.h"
#include "imaging/workflow/anonymize.h"

// "The picture itself may show names ..." for an exclusion decided by the engine.
QString plainExclusionReason(const imaging::Exclusion& exclusion);
// "removed", "moved by a fixed number of days", ... for an AttributeChange::action.
QString plainAction(const std::string& action);

struct ChangeRow {
  std::string tag, keyword, action;
  std::vector<std::string> before, after;  // distinct values over the previewed instances
};
// One row per tag (nested tags included), in first-seen order; distinct values collected.
std::vector<ChangeRow> mergeChanges(const std::vector<imaging::DryRunInstance>& preview);
// Distinct values joined for display ("(empty)" for an empty value).
QString joinValues(const std::vector<std::string>& values);

// "Your name, ID or another identifier is still in a value", ... for a verify finding kind.
QString plainFinding(imaging::FindingKind kind);
