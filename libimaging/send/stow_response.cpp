#include "stow_response.h"

#include <nlohmann/json.hpp>

namespace imaging::send_detail {
namespace {

using nlohmann::json;

constexpr const char* kFailedSopSequence = "00081198";
constexpr const char* kReferencedSopSequence = "00081199";
constexpr const char* kReferencedSopInstanceUid = "00081155";
constexpr const char* kFailureReason = "00081197";
constexpr const char* kWarningReason = "00081196";

// The first value of attribute `tag` in a DICOM JSON item, if present.
const json* firstValue(const json& item, const char* tag) {
  if (!item.is_object()) return nullptr;
  const auto attribute = item.find(tag);
  if (attribute == item.end() || !attribute->is_object()) return nullptr;
  const auto values = attribute->find("Value");
  if (values == attribute->end() || !values->is_array() || values->empty()) return nullptr;
  return &values->front();
}

std::optional<std::uint16_t> unsignedShort(const json& item, const char* tag) {
  const json* value = firstValue(item, tag);
  if (!value || !value->is_number_integer()) return std::nullopt;
  return static_cast<std::uint16_t>(value->get<long long>());
}

const json* sequenceItems(const json& body, const char* tag) {
  const auto attribute = body.find(tag);
  if (attribute == body.end() || !attribute->is_object()) return nullptr;
  const auto values = attribute->find("Value");
  if (values == attribute->end() || !values->is_array()) return nullptr;
  return &*values;
}

}  // namespace

std::optional<std::map<std::string, StowInstanceResult>> parseStowResponse(const std::string& body) {
  const json parsed = json::parse(body, nullptr, false);
  // Some servers wrap the dataset in a one-element array.
  const json& root = parsed.is_array() && parsed.size() == 1 ? parsed.front() : parsed;
  if (!root.is_object()) return std::nullopt;

  std::map<std::string, StowInstanceResult> results;
  auto collect = [&](const char* sequence_tag, bool stored) {
    const json* items = sequenceItems(root, sequence_tag);
    if (!items) return;
    for (const json& item : *items) {
      const json* uid = firstValue(item, kReferencedSopInstanceUid);
      if (!uid || !uid->is_string()) continue;
      StowInstanceResult result;
      result.stored = stored;
      if (stored)
        result.warning_reason = unsignedShort(item, kWarningReason);
      else
        result.failure_reason = unsignedShort(item, kFailureReason);
      // A failure reported for an instance wins over a reference to it.
      auto [it, inserted] = results.emplace(uid->get<std::string>(), result);
      if (!inserted && !stored) it->second = result;
    }
  };
  collect(kReferencedSopSequence, true);
  collect(kFailedSopSequence, false);
  return results;
}

std::optional<std::set<std::string>> parseQidoInstances(const std::string& body) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return std::set<std::string>{};
  const json answer = json::parse(body, nullptr, false);
  if (!answer.is_array()) return std::nullopt;
  std::set<std::string> uids;
  for (const json& item : answer)
    if (const json* uid = firstValue(item, "00080018"); uid != nullptr && uid->is_string()) uids.insert(uid->get<std::string>());
  return uids;
}

}  // namespace imaging::send_detail
