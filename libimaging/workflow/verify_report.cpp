#include "verify_report.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "identifier_match.h"

namespace imaging::workflow {
namespace {

// Where the report quotes the input's names: file results and skipped input files (shard merges
// too). Reasons are ScanShare's own words ("likely burned-in text in the pixels"), which a name
// part such as "Text" would match; anonymize withholds any reason quoting input text.
constexpr const char* kQuotingKeys[] = {"input"};

void checkValues(const nlohmann::json& node, const IdentifierCheck& check, const std::string& where,
                 std::vector<VerifyFinding>& findings) {
  if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) checkValues(node[i], check, where + "[" + std::to_string(i) + "]", findings);
    return;
  }
  if (!node.is_object()) return;
  for (const auto& [key, value] : node.items()) {
    if (value.is_structured()) {
      checkValues(value, check, where + "." + key, findings);
      continue;
    }
    if (!value.is_string()) continue;
    for (const char* quoting : kQuotingKeys)
      if (key == quoting && check.pathHolds(value.get<std::string>()))
        findings.push_back({FindingKind::IdentifierInReport, where + "." + key,
                            "a source identifier in the report's " + key});
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
  checkValues(json, IdentifierCheck(normalizeIdentifiers(identifiers)), name, findings);
  return findings;
}

}  // namespace imaging::workflow
