// Contradictory `anonymize` options: each is refused with both names, before anything is read.
#include <algorithm>
#include <cctype>
#include <string>

#include "anonymize_args.h"
#include "imaging/core/error.h"
#include "imaging/deid/profile.h"

namespace scanshare_cli {
namespace {

[[noreturn]] void conflict(const std::string& first, const std::string& second, const std::string& why) {
  throw imaging::Error(imaging::ErrorCode::InvalidArgument, first + " conflicts with " + second + ": " + why);
}

bool endsWithZip(std::string path) {
  std::transform(path.begin(), path.end(), path.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return path.size() > 4 && path.compare(path.size() - 4, 4, ".zip") == 0;
}

}  // namespace

void refuseContradictions(const AnonymizeArgs& a) {
  const std::string full = std::string("--option ") + imaging::optionName(imaging::DeidOption::RetainLongitudinalFullDates);
  const std::string modified =
      std::string("--option ") + imaging::optionName(imaging::DeidOption::RetainLongitudinalModifiedDates);
  bool has_full = false, has_modified = false;
  for (const std::string& name : a.options) {
    const imaging::DeidOption option = imaging::parseOption(name);
    has_full |= option == imaging::DeidOption::RetainLongitudinalFullDates;
    has_modified |= option == imaging::DeidOption::RetainLongitudinalModifiedDates;
  }
  if (has_full && has_modified) conflict(full, modified, "dates can be kept or shifted, not both");
  if (!a.dates.empty() && (has_full || has_modified))
    conflict("--dates " + a.dates, has_full ? full : modified, "give one of them");
  if (a.include_burned_in && a.redact_burned_in)
    conflict("--include-burned-in", "--redact-burned-in", "export burned-in images as they are, or redacted, not both");
  if (a.include_burned_in && !a.blackouts.empty())
    conflict("--include-burned-in", "--blackout", "export burned-in images as they are, or with regions blacked out, not both");
  if (!a.zip && endsWithZip(a.output))
    throw imaging::Error(imaging::ErrorCode::InvalidArgument,
                         "-o names a .zip file but --zip is not given (without --zip a folder of that name is written): "
                         "add --zip, or name a folder",
                         a.output);
  if (a.jobs == 0) throw imaging::Error(imaging::ErrorCode::InvalidArgument, "--jobs 0: give at least 1 worker thread");
}

std::string AnonymizeArgs::needsWholeInventory(bool recipe_selects_series) const {
  if (!series.empty()) return "--series";
  if (recipe_selects_series) return "a recipe's series rules";
  for (const std::string& b : blackouts)
    if (b.find('@') != std::string::npos) return "--blackout @SERIES";
  if (!patient_name.empty()) return "--patient-name";
  if (!shard.empty()) return "--shard";
  if (!plan.empty()) return "--plan";
  if (!mapping.empty()) return "--mapping";
  if (sending()) return !send_to.empty() ? "--send" : "--stow";
  if (dry_run) return "--dry-run";
  if (input.rfind("dicomweb+", 0) == 0) return "a dicomweb+http(s):// input";
  return {};
}

}  // namespace scanshare_cli
