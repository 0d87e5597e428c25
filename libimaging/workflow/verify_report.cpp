#include "verify_report.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "identifier_match.h"

namespace imaging::workflow {
namespace {

// Where the report quotes the input's names: file results and skipped input files (shard merges
// too).
constexpr const char* kPathKeys[] = {"input"};
// Where it describes items and says why: ScanShare's own words, positions and standard terms
// ("likely burned-in text in the pixels", "XRayAngiographicImageStorage"), which short name
// parts such as "Text" or "Ray" match by chance; a long identifier there is text from the file
// (red team D, D6: a modality holding the given name).
constexpr const char* kWordKeys[] = {"description", "reason"};
constexpr std::size_t kShortestWordIdentifier = 5;

struct ReportChecks {
  IdentifierCheck paths, words;
};

void checkValues(const nlohmann::json& node, const ReportChecks& checks, const std::string& where,
                 std::vector<VerifyFinding>& findings) {
  if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) checkValues(node[i], checks, where + "[" + std::to_string(i) + "]", findings);
    return;
  }
  if (!node.is_object()) return;
  for (const auto& [key, value] : node.items()) {
    if (value.is_structured()) {
      checkValues(value, checks, where + "." + key, findings);
      continue;
    }
    if (!value.is_string()) continue;
    const std::string& text = value.get_ref<const std::string&>();
    bool found = false;
    for (const char* path_key : kPathKeys) found = found || (key == path_key && checks.paths.pathHolds(text));
    for (const char* word_key : kWordKeys) found = found || (key == word_key && checks.words.anyIn(text));
    if (found)
      findings.push_back({FindingKind::IdentifierInReport, where + "." + key, "a source identifier in the report's " + key});
  }
}

}  // namespace

std::vector<VerifyFinding> checkReport(const std::filesystem::path& report, const std::vector<std::string>& identifiers) {
  std::error_code ec;
  if (!std::filesystem::exists(report, ec)) return {};
  const std::string name = report.filename().string();
  std::ifstream in(report, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return {{FindingKind::IdentifierInReport, name, "the report cannot be read, so it was not checked"}};
  const nlohmann::json json = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return {{FindingKind::IdentifierInReport, name, "the report is not JSON, so it was not checked"}};
  std::vector<VerifyFinding> findings;
  std::vector<std::string> long_ones;
  for (const std::string& id : identifiers)
    if (id.size() >= kShortestWordIdentifier) long_ones.push_back(id);
  const ReportChecks checks{IdentifierCheck(normalizeIdentifiers(identifiers)), IdentifierCheck(normalizeIdentifiers(long_ones))};
  checkValues(json, checks, name, findings);
  return findings;
}

}  // namespace imaging::workflow
