#include "imaging/core/printable.h"
#include "imaging/workflow/report_merge.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "imaging/core/error.h"
#include "imaging/core/version.h"
#include "imaging/deid/outcome.h"

namespace fs = std::filesystem;

namespace imaging {
namespace {

const std::regex& shardReportName() {
  static const std::regex name(R"(shard-([0-9]+)-of-([0-9]+)\.report\.json)");
  return name;
}

nlohmann::json readReport(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::InvalidArgument, "cannot read the report", path.string());
  nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) throw Error(ErrorCode::InvalidArgument, "not a JSON report", path.string());
  if (!j.contains("shard") || !j["shard"].is_object() || !j["shard"].contains("index") || !j["shard"].contains("count"))
    throw Error(ErrorCode::InvalidArgument, "not the report of a shard (made without --shard)", path.string());
  return j;
}

// Options that must agree for the shards to form one export; "jobs" may differ per task.
nlohmann::json comparableOptions(nlohmann::json options) {
  if (options.is_object()) options.erase("jobs");
  return options;
}

std::size_t number(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_number_unsigned() ? j[key].get<std::size_t>() : 0;
}

double seconds(const nlohmann::json& timings, const char* key) {
  return timings.is_object() && timings.contains(key) && timings[key].is_number() ? timings[key].get<double>() : 0.0;
}

}  // namespace

std::vector<fs::path> findShardReports(const std::vector<fs::path>& paths) {
  std::vector<fs::path> reports;
  for (const fs::path& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> found;
      for (const auto& entry : fs::directory_iterator(p, ec))
        if (entry.is_regular_file(ec) && std::regex_match(entry.path().filename().string(), shardReportName()))
          found.push_back(entry.path());
      if (found.empty()) throw Error(ErrorCode::InvalidArgument, "no shard report (shard-I-of-N.report.json) in this folder", p.string());
      std::sort(found.begin(), found.end());
      reports.insert(reports.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(p, ec)) {
      reports.push_back(p);
    } else {
      throw Error(ErrorCode::InvalidArgument, "no such report or folder", p.string());
    }
  }
  return reports;
}

MergedReport mergeShardReports(const std::vector<fs::path>& paths) {
  if (paths.empty()) throw Error(ErrorCode::InvalidArgument, "no shard report to merge");
  MergedReport m;
  std::map<unsigned, std::pair<fs::path, nlohmann::json>> shards;
  nlohmann::json first;
  fs::path first_path;
  for (const fs::path& path : paths) {
    nlohmann::json j = readReport(path);
    const unsigned index = j["shard"]["index"].get<unsigned>(), count = j["shard"]["count"].get<unsigned>();
    if (first.is_null()) {
      first = j;
      first_path = path;
      m.shard_count = count;
    }
    const auto mismatch = [&](const std::string& what) {
      return Error(ErrorCode::InvalidArgument,
                   what + " differs from " + first_path.filename().string() + "'s: not shards of one export", path.string());
    };
    if (count != m.shard_count) throw mismatch("the shard count");
    if (index >= count) throw Error(ErrorCode::InvalidArgument, "shard index out of range", path.string());
    if (j.value("scanshare_version", "") != first.value("scanshare_version", "")) throw mismatch("the ScanShare version");
    if (j.value("action_table_edition", "") != first.value("action_table_edition", "")) throw mismatch("the action table edition");
    if (comparableOptions(j["options"]) != comparableOptions(first["options"])) throw mismatch("the options");
    if (!shards.emplace(index, std::make_pair(path, std::move(j))).second)
      throw Error(ErrorCode::InvalidArgument, "shard " + std::to_string(index) + " is given twice", path.string());
  }
  for (unsigned i = 0; i < m.shard_count; ++i)
    if (!shards.count(i)) m.missing.push_back(i);

  nlohmann::json files = nlohmann::json::array();
  std::map<std::string, long long> actions;
  nlohmann::json per_shard = nlohmann::json::array(), merged_from = nlohmann::json::array();
  double scan_total = 0, export_total = 0, slowest = 0;
  std::size_t patients = 0;
  std::set<std::size_t> indexes;
  for (const auto& [index, entry] : shards) {
    const auto& [path, j] = entry;
    const nlohmann::json& s = j["summary"];
    m.kept += number(s, "kept");
    m.excluded += number(s, "excluded");
    m.failed += number(s, "failed");
    m.not_selected += number(s, "not_selected");
    m.had_problems = m.had_problems || s.value("had_problems", false);
    patients += number(j["shard"], "patients");
    if (j.contains("action_counts") && j["action_counts"].is_object())
      for (const auto& [action, count] : j["action_counts"].items())
        if (count.is_number_integer()) actions[action] += count.get<long long>();
    if (j.contains("files") && j["files"].is_array())
      for (nlohmann::json f : j["files"]) {
        const std::size_t file_index = number(f, "index");
        if (!indexes.insert(file_index).second)
          throw Error(ErrorCode::InvalidArgument, "instance #" + std::to_string(file_index) + " appears in two shards' reports",
                      path.string());
        f["shard"] = index;
        files.push_back(std::move(f));
      }
    const nlohmann::json timings = j.value("timings", nlohmann::json::object());
    const double scan = seconds(timings, "scan_seconds"), exported = seconds(timings, "export_seconds");
    scan_total += scan;
    export_total += exported;
    slowest = std::max(slowest, scan + exported);
    per_shard.push_back({{"shard", index}, {"scan_seconds", scan}, {"export_seconds", exported}});
    merged_from.push_back({{"shard", index}, {"report", path.filename().string()}, {"output", j.value("output", "")}});
  }
  std::sort(files.begin(), files.end(),
            [](const nlohmann::json& a, const nlohmann::json& b) { return number(a, "index") < number(b, "index"); });
  // Shard 0 reports the input files that were not exported (every task scans them all).
  const nlohmann::json skipped_files =
      shards.count(0) && shards.at(0).second.contains("skipped_input_files") && shards.at(0).second["skipped_input_files"].is_array()
          ? shards.at(0).second["skipped_input_files"]
          : nlohmann::json::array();
  m.skipped = skipped_files.size();

  nlohmann::json j;
  j["scanshare_version"] = first.value("scanshare_version", "");
  j["merged_by"] = versionString();
  j["action_table_edition"] = first.value("action_table_edition", "");
  j["merged_from"] = merged_from;
  nlohmann::json missing = nlohmann::json::array();
  for (unsigned i : m.missing) missing.push_back(i);
  j["shards"] = {{"count", m.shard_count}, {"present", shards.size()}, {"missing", missing}, {"complete", m.complete()}};
  j["options"] = comparableOptions(first["options"]);
  j["summary"] = {{"kept", m.kept}, {"excluded", m.excluded}, {"failed", m.failed}, {"not_selected", m.not_selected},
                  {"skipped_input_files", m.skipped}, {"patients", patients}, {"had_problems", m.had_problems},
                  {"complete", m.complete()}};
  j["action_counts"] = actions;
  j["timings"] = {{"per_shard", per_shard}, {"scan_seconds_total", scan_total}, {"export_seconds_total", export_total},
                  {"slowest_shard_seconds", slowest}};
  j["files"] = files;
  j["skipped_input_files"] = skipped_files;
  m.json = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";

  std::ostringstream t;
  t << "ScanShare " << j["scanshare_version"].get<std::string>() << " de-identification report, merged from "
    << shards.size() << " of " << m.shard_count << " shard(s)\n";
  t << "PS3.15 Table E.1-1 edition: " << j["action_table_edition"].get<std::string>() << "\n";
  if (!m.complete()) {
    t << "INCOMPLETE: no report for shard(s)";
    for (unsigned i : m.missing) t << ' ' << i;
    t << "\n";
  }
  t << "Options: " << j["options"].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n\n";
  t << "Patients " << patients << "; kept " << m.kept << ", excluded " << m.excluded << ", failed " << m.failed
    << ", not selected " << m.not_selected << ", input files skipped " << m.skipped << "\n\n";
  t << "Timings (seconds): scan total " << scan_total << ", export total " << export_total << ", slowest shard "
    << slowest << "\n";
  for (const auto& s : per_shard)
    t << "  shard " << s["shard"].get<unsigned>() << ": scan " << s["scan_seconds"].get<double>() << ", export "
      << s["export_seconds"].get<double>() << "\n";
  t << "\nAttribute actions (all kept files):\n";
  for (const auto& [action, count] : actions) t << "  " << action << ": " << count << "\n";
  t << "\nFiles:\n";
  for (const auto& f : files) {
    const std::string status = f.value("status", "");
    const std::string reason = f.value("reason", "");
    if (f.value("reason_code", "") == toString(OutcomeCode::SeriesNotSelected)) continue;
    t << "  #" << number(f, "index") << ' ' << status << ' ' << f.value("output", f.value("description", ""));
    if (!reason.empty()) t << " - " << printable(reason);
    t << " (shard " << f["shard"].get<unsigned>() << "; input: "
      << (f.value("input_withheld", false) ? "withheld, contains identifying text" : printable(f.value("input", ""))) << ")\n";
  }
  if (m.skipped > 0) {
    t << "\nInput files not exported:\n";
    for (const auto& s : skipped_files)
      t << "  " << (s.value("input_withheld", false) ? "(name withheld)" : printable(s.value("input", ""))) << ": "
        << s.value("kind", "") << " - " << printable(s.value("reason", "")) << "\n";
  }
  m.text = t.str();
  return m;
}

}  // namespace imaging
