// DICOM JSON model (PS3.18 Annex F) rendering of a dumped dataset.
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "imaging/media/dump.h"

namespace imaging {
namespace {

using nlohmann::json;

bool isIntegerVr(const std::string& vr) {
  return vr == "IS" || vr == "SL" || vr == "SS" || vr == "UL" || vr == "US" || vr == "SV" || vr == "UV";
}
bool isDecimalVr(const std::string& vr) { return vr == "DS" || vr == "FL" || vr == "FD"; }

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(' ') - first + 1);
}

// Numbers as JSON numbers; text that is not a valid number is kept as a string, not lost.
json numberValue(const std::string& raw, const std::string& vr) {
  const std::string text = trim(raw);
  if (text.empty()) return nullptr;
  char* end = nullptr;
  errno = 0;
  if (isIntegerVr(vr)) {
    if (vr == "UV") {
      const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
      if (*end == '\0' && errno == 0 && text[0] != '-') return v;
    } else {
      const long long v = std::strtoll(text.c_str(), &end, 10);
      if (*end == '\0' && errno == 0) return v;
    }
  } else {
    const double v = std::strtod(text.c_str(), &end);
    if (*end == '\0' && errno == 0 && std::isfinite(v)) return v;
  }
  return text;
}

json personName(const std::string& value) {
  if (value.empty()) return nullptr;
  static const char* groups[] = {"Alphabetic", "Ideographic", "Phonetic"};
  json name = json::object();
  std::size_t start = 0;
  for (int g = 0; g < 3; ++g) {
    const std::size_t end = value.find('=', start);
    const std::string part = value.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!part.empty()) name[groups[g]] = part;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return name;
}

json datasetObject(const std::vector<AttributeNode>& nodes);

json attributeObject(const AttributeNode& node) {
  json attribute = json::object();
  attribute["vr"] = node.vr;
  if (node.vr == "SQ") {
    if (!node.items.empty()) {
      json items = json::array();
      for (const auto& item : node.items) items.push_back(datasetObject(item));
      attribute["Value"] = std::move(items);
    }
    return attribute;
  }
  if (!node.inline_binary.empty()) {
    attribute["InlineBinary"] = node.inline_binary;
    return attribute;
  }
  if (node.values.empty() || (node.values.size() == 1 && node.values[0].empty())) return attribute;
  json values = json::array();
  for (const std::string& value : node.values) {
    if (node.vr == "PN")
      values.push_back(personName(value));
    else if (isIntegerVr(node.vr) || isDecimalVr(node.vr))
      values.push_back(numberValue(value, node.vr));
    else if (value.empty())
      values.push_back(nullptr);
    else
      values.push_back(value);
  }
  attribute["Value"] = std::move(values);
  return attribute;
}

json datasetObject(const std::vector<AttributeNode>& nodes) {
  json object = json::object();
  for (const AttributeNode& node : nodes) {
    // "(0010,0010)" -> "00100010"
    if (node.tag.size() != 11) continue;
    object[node.tag.substr(1, 4) + node.tag.substr(6, 4)] = attributeObject(node);
  }
  return object;
}

}  // namespace

std::string renderDumpJson(const DumpedFile& file, int indent) {
  return datasetObject(file.dataset).dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace imaging
