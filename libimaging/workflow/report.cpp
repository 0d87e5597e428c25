#include "report.h"

#include <sstream>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "imaging/core/error.h"
#include "imaging/core/version.h"
#include "imaging/text/free_text.h"

#include "imaging/core/printable.h"

namespace fs = std::filesystem;

namespace imaging::workflow {
namespace {

// A byte that is not UTF-8 (a damaged file's value in a reason, a Latin-1 file name) becomes U+FFFD
// in the JSON report instead of stopping the whole export; report.txt keeps the bytes.
constexpr auto kInvalidUtf8 = nlohmann::json::error_handler_t::replace;

const char* statusName(InstanceOutcome::Status s) {
  switch (s) {
    case InstanceOutcome::Status::Kept: return "kept";
    case InstanceOutcome::Status::Excluded: return "excluded";
    case InstanceOutcome::Status::Failed: return "failed";
  }
  return "failed";
}

nlohmann::json optionsJson(const AnonymizeOptions& options) {
  nlohmann::json j;
  nlohmann::json names = nlohmann::json::array();
  for (DeidOption o : options.deid.profile.options) names.push_back(optionName(o));
  j["profile_options"] = names;
  j["dates"] = dateModeName(options.deid.profile.dateMode());
  j["include_burned_in"] = options.deid.include_burned_in;
  j["redact_burned_in"] = options.redact_burned_in;
  j["trust_burned_in_flag"] = options.deid.trust_burned_in_flag;
  j["blackout_regions"] = options.blackouts.size();
  j["exclude_sr"] = options.deid.exclude_sr;
  nlohmann::json verbatim = nlohmann::json::array();
  for (const AttributeKey& k : options.deid.keep_text_verbatim) verbatim.push_back(attributeKeyword(k));
  j["text_kept_verbatim"] = verbatim;
  if (!options.recipe.empty()) j["recipe"] = options.recipe;
  if (!options.unsafe_rules.empty()) j["recipe_unsafe_rules"] = options.unsafe_rules;
  // The recipe's overrides: keyword and action; a replace's constant is the recipe's, not the patient's.
  nlohmann::json overrides = nlohmann::json::array();
  for (const AttributeOverride& o : options.deid.overrides) {
    nlohmann::json rule = {{"attribute", attributeKeyword(o.key)}, {"action", overrideActionName(o.action)}};
    if (o.action == OverrideAction::Replace) rule["value"] = o.value;
    overrides.push_back(rule);
  }
  if (!overrides.empty()) j["attribute_overrides"] = overrides;
  j["free_text_word_lists"] = text::vocabularySources();
  j["zip"] = options.zip;
  j["jobs"] = options.jobs;
  // The chosen pseudonym is what the output carries anyway; the series filter may hold source
  // UIDs, so only its size is recorded.
  j["patient_pseudonym_chosen"] = options.pseudonym.has_value();
  j["series_filter_entries"] = options.series.size();
  return j;
}

nlohmann::json fileJson(const FileResult& f) {
  nlohmann::json e{{"index", f.index}, {"status", statusName(f.status)}, {"description", f.description}};
  if (!f.output_name.empty()) e["output"] = f.output_name;
  if (f.input_withheld) e["input_withheld"] = true;
  else e["input"] = f.input_relative;
  if (f.code != OutcomeCode::None) e["reason_code"] = toString(f.code);
  if (!f.reason.empty()) e["reason"] = f.reason;
  if (f.burned_in) e["burned_in"] = true;
  if (f.redacted) e["redacted"] = true;
  if (!f.redactions.empty()) {
    nlohmann::json regions = nlohmann::json::array();
    for (const PixelRedaction& p : f.redactions) {
      nlohmann::json region{{"image", f.output_name}, {"x", p.x}, {"y", p.y}, {"width", p.width},
                            {"height", p.height}, {"why", p.why}, {"samples_changed", p.samples_changed}};
      if (p.frame == 0) region["frame"] = "all";
      else region["frame"] = p.frame;
      regions.push_back(std::move(region));
    }
    e["pixel_redactions"] = std::move(regions);
  }
  return e;
}

nlohmann::json skippedJson(const SkippedInput& s) {
  nlohmann::json e{{"kind", s.kind}, {"reason", s.reason}, {"damaged", s.bad}};
  if (s.input_withheld) e["input_withheld"] = true;
  else e["input"] = s.input_relative;
  return e;
}

// An element's dump(2) as it sits in a top-level member array: indented by two more levels (JSON
// text holds no raw line break, so every line break starts a line).
void appendIndented(const nlohmann::json& element, std::string& out) {
  for (const char c : element.dump(2, ' ', false, kInvalidUtf8)) {
    out.push_back(c);
    if (c == '\n') out.append("    ");
  }
}

// A string as dump() writes it: printable ASCII without quote or backslash as it is, anything
// else through nlohmann (its escapes, its replacement of invalid UTF-8).
void appendJsonString(const std::string& text, std::string& out) {
  const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x7F && c != '"' && c != '\\';
  });
  if (!plain) {
    out += nlohmann::json(text).dump(-1, ' ', false, kInvalidUtf8);
    return;
  }
  out += '"';
  out += text;
  out += '"';
}

// A file's entry, indented as appendIndented(fileJson(f)) gives it, written directly: a report
// lists every file, and building and dumping a JSON object for each cost about 22 000
// instructions (the longest step left after the DICOMDIR's check; tests/workflow/
// report_layout_test.cpp requires the bytes of one dump of the whole report). Members in
// dump()'s order (sorted keys); an entry with pixel redactions goes through fileJson.
void appendFileEntry(const FileResult& f, std::string& out) {
  if (!f.redactions.empty()) return appendIndented(fileJson(f), out);
  bool first = true;
  // Starts the member `name` and gives out, for its value.
  const auto member = [&](const char* name) -> std::string& {
    out += first ? "{\n      \"" : ",\n      \"";
    first = false;
    return out.append(name).append("\": ");
  };
  if (f.burned_in) member("burned_in") += "true";
  appendJsonString(f.description, member("description"));
  member("index") += std::to_string(f.index);
  if (f.input_withheld) member("input_withheld") += "true";
  else appendJsonString(f.input_relative, member("input"));
  if (!f.output_name.empty()) appendJsonString(f.output_name, member("output"));
  if (!f.reason.empty()) appendJsonString(f.reason, member("reason"));
  if (f.code != OutcomeCode::None) appendJsonString(toString(f.code), member("reason_code"));
  if (f.redacted) member("redacted") += "true";
  appendJsonString(statusName(f.status), member("status"));
  out += "\n    }";
}

// A top-level member array, one element at a time, as dump(2) lays it out: elements separated
// by ",\n" and indented (append: one element's text, as appendIndented gives it).
// forEach(visit) calls visit(item) for each item in order.
template <typename ForEach, typename Append>
void writeMemberArray(ForEach forEach, Append append, const StagedFile::Writer& write) {
  std::size_t i = 0;
  std::string element;
  forEach([&](const auto& item) {
    element.assign(i++ == 0 ? "[\n    " : ",\n    ");
    append(item, element);
    write(element);
  });
  write(i == 0 ? "[]" : "\n  ]");
}

}  // namespace

void writeReportJson(const AnonymizeResult& r, const AnonymizeOptions& options, const StagedFile::Writer& write) {
  nlohmann::json j;
  j["scanshare_version"] = versionString();
  j["action_table_edition"] = SCANSHARE_TABLE_EDITION;
  j["output"] = r.output.filename().string();
  j["options"] = optionsJson(options);
  j["summary"] = {{"kept", r.kept}, {"excluded", r.excluded}, {"failed", r.failed},
                  {"not_selected", r.not_selected}, {"skipped_input_files", r.skipped.size()},
                  {"had_problems", r.hadProblems()}};
  if (options.shard.active())
    j["shard"] = {{"index", options.shard.index}, {"count", options.shard.count},
                  {"patients", r.shard_patients}, {"instances_of_other_shards", r.other_shards}};
  nlohmann::json timings{{"export_seconds", r.export_seconds}};
  if (options.scan_seconds >= 0) timings["scan_seconds"] = options.scan_seconds;
  j["timings"] = std::move(timings);
  j["action_counts"] = r.action_counts;
  // The per-file arrays are written one element at a time where dump(2) puts the empty ones, so
  // that the whole report is never a tree or a string in memory; the bytes are dump(2)'s.
  j["files"] = nlohmann::json::array();
  j["skipped_input_files"] = nlohmann::json::array();
  const std::string frame = j.dump(2, ' ', false, kInvalidUtf8) + "\n";
  const std::string files_at = "\n  \"files\": ", skipped_at = "\n  \"skipped_input_files\": ";
  const std::size_t files = frame.find(files_at + "[]") + files_at.size();
  const std::size_t skipped = frame.find(skipped_at + "[]") + skipped_at.size();
  if (files < files_at.size() || skipped < skipped_at.size() || skipped < files)
    throw Error(ErrorCode::Internal, "report layout not as expected");
  write(std::string_view(frame).substr(0, files));
  writeMemberArray([&r](const auto& visit) { r.forEachFile(visit); }, appendFileEntry, write);
  write(std::string_view(frame).substr(files + 2, skipped - files - 2));
  writeMemberArray(
      [&r](const auto& visit) {
        for (const SkippedInput& s : r.skipped) visit(s);
      },
      [](const SkippedInput& s, std::string& out) { appendIndented(skippedJson(s), out); }, write);
  write(std::string_view(frame).substr(skipped + 2));
}

std::string reportJson(const AnonymizeResult& r, const AnonymizeOptions& options) {
  std::string out;
  writeReportJson(r, options, [&out](std::string_view piece) { out.append(piece); });
  return out;
}

void writeReportText(const AnonymizeResult& r, const AnonymizeOptions& options, const StagedFile::Writer& write) {
  std::ostringstream t;
  // Written out after the head and after each file, so that the text is never held whole.
  const auto flush = [&] {
    write(t.str());
    t.str(std::string());
  };
  t << "ScanShare " << versionString() << " de-identification report\n";
  t << "PS3.15 Table E.1-1 edition: " << SCANSHARE_TABLE_EDITION << "\n";
  t << "Output: " << r.output.filename().string() << (options.zip ? " (zip)" : "") << "\n";
  if (options.shard.active())
    t << "Shard " << options.shard.index << " of " << options.shard.count << ": " << r.shard_patients
      << " patient(s); " << r.other_shards << " instance(s) belong to other shards\n";
  t << "Options:";
  for (DeidOption o : options.deid.profile.options) t << ' ' << optionName(o);
  t << "\nDates: " << dateModeName(options.deid.profile.dateMode())
    << "; burned-in images "
    << (options.deid.include_burned_in                                  ? "included"
        : options.redact_burned_in || !options.blackouts.empty() ? "redacted (text blacked out)"
                                                                  : "excluded")
    << "; projection X-ray without the flag "
    << (options.deid.include_burned_in || options.deid.trust_burned_in_flag ? "not screened (flag trusted)"
                                                                           : "screened for burned-in text")
    << "; structured reports "
    << (options.deid.exclude_sr || !options.deid.profile.has(DeidOption::CleanStructuredContent) ? "excluded" : "cleaned")
    << "\n";
  t << "Kept free text: cleaned by the allow-list (words known to dictionaries, the medical list and ScanShare's "
       "imaging vocabulary; dates, times, phones, IDs, e-mail and web addresses, UIDs removed)\n";
  for (const AttributeKey& k : options.deid.keep_text_verbatim)
    t << "Kept verbatim at the user's request, NOT cleaned: " << attributeKeyword(k) << "\n";
  if (!options.recipe.empty()) t << "Recipe: " << options.recipe << "\n";
  for (const AttributeOverride& o : options.deid.overrides)
    t << "Attribute rule: " << overrideActionName(o.action) << ' ' << attributeKeyword(o.key) << "\n";
  for (const std::string& k : options.unsafe_rules)
    t << "UNSAFE recipe rule: keeps the patient's " << k << " (\"unsafe\": true)\n";
  t << "\n";
  t << "Kept " << r.kept << ", excluded " << r.excluded << ", failed " << r.failed << ", not selected "
    << r.not_selected << ", input files skipped " << r.skipped.size() << "\n\n";
  t << "Attribute actions (all kept files):\n";
  for (const auto& [action, count] : r.action_counts) t << "  " << action << ": " << count << "\n";
  t << "\nFiles:\n";
  r.forEachFile([&](const FileResult& f) {
    if (f.code == OutcomeCode::SeriesNotSelected) return;
    t << "  #" << f.index << ' ' << statusName(f.status) << ' '
      << (f.output_name.empty() ? f.description : f.output_name);
    if (!f.reason.empty()) t << " - " << printable(f.reason);
    t << " (input: " << (f.input_withheld ? "withheld, contains identifying text" : printable(f.input_relative)) << ")\n";
    for (const PixelRedaction& p : f.redactions)
      t << "    blacked out: " << f.output_name << " frame " << (p.frame == 0 ? std::string("all") : std::to_string(p.frame))
        << " box x=" << p.x << " y=" << p.y << " w=" << p.width << " h=" << p.height << " (" << p.why << ", "
        << p.samples_changed << " samples changed)\n";
    flush();
  });
  if (!r.skipped.empty()) {
    t << "\nInput files not exported:\n";
    for (const auto& s : r.skipped)
      t << "  " << (s.input_withheld ? "(name withheld)" : printable(s.input_relative)) << ": " << s.kind << " - "
        << printable(s.reason) << "\n";
  }
  flush();
}

std::string reportText(const AnonymizeResult& r, const AnonymizeOptions& options) {
  std::string out;
  writeReportText(r, options, [&out](std::string_view piece) { out.append(piece); });
  return out;
}

// Each report goes to its file as it is made (JSON first, then text): neither is held whole.
StagedReports::StagedReports(const AnonymizeResult& result, const AnonymizeOptions& options, bool flush_files)
    : json_(result.report_json, [&](const StagedFile::Writer& write) { writeReportJson(result, options, write); },
            options.flush_to_disk && flush_files),
      text_(result.report_text, [&](const StagedFile::Writer& write) { writeReportText(result, options, write); },
            options.flush_to_disk && flush_files),
      durable_(options.flush_to_disk) {}

void StagedReports::publish() {
  json_.publish();
  text_.publish();
  if (!durable_) return;
  json_.syncFolder();
  if (text_.path().parent_path() != json_.path().parent_path()) text_.syncFolder();
}

}  // namespace imaging::workflow
