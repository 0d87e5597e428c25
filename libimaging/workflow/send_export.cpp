#include "imaging/workflow/send_export.h"

#include "imaging/core/error.h"
#include "imaging/media/scan.h"

#include <vector>

namespace imaging {

std::string refusalLine(const VerifyResult& verdict, std::size_t max_listed, const TextScrubber* identifiers) {
  // The findings that refuse the send first, then the structural ones (they are the same copy).
  std::vector<const VerifyFinding*> listed;
  for (const auto& finding : verdict.findings)
    if (isPrivacyFinding(finding)) listed.push_back(&finding);
  for (const auto& finding : verdict.findings)
    if (!isPrivacyFinding(finding)) listed.push_back(&finding);
  const std::size_t n = listed.size();
  std::string line = "refusing to send: verify finds " + std::to_string(n) + " problem(s), the copy is NOT CLEAN:";
  for (std::size_t i = 0; i < n && i < max_listed; ++i)
    line += (i == 0 ? " " : "; ") + std::string(toString(listed[i]->kind)) + " at " +
            (identifiers && identifiers->containsIdentifier(listed[i]->location) ? std::string("(withheld: the path holds identifying text)")
                                                                               : listed[i]->location);
  if (n > max_listed) line += "; and " + std::to_string(n - max_listed) + " more (see scanshare verify)";
  return line;
}

bool CheckedSend::refused() const {
  for (const auto& finding : verdict.findings)
    if (isPrivacyFinding(finding)) return true;
  return false;
}

CheckedSend sendExport(const std::filesystem::path& path, const SendDestination& destination, const SendOptions& options,
                       const VerifyOptions& verify_options) {
  CheckedSend result;
  result.verdict = verify(path, verify_options);
  if (result.refused()) return result;
  result.report = sendVerifiedExport(path, destination, options, &result.scan_problems);
  return result;
}

SendReport sendVerifiedExport(const std::filesystem::path& path, const SendDestination& destination,
                              const SendOptions& options, std::size_t* scan_problems) {
  const Inventory inventory = scan(path);
  if (scan_problems) *scan_problems = inventory.problems.size();
  if (inventory.instanceCount() == 0) throw Error(ErrorCode::InvalidArgument, "no DICOM instances to send", path.string());
  return sendTo(inventory, destination, options);
}

}  // namespace imaging
