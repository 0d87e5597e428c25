#include "imaging/workflow/send_export.h"

#include "imaging/core/error.h"
#include "imaging/media/scan.h"

namespace imaging {

std::string refusalLine(const VerifyResult& verdict, std::size_t max_listed) {
  const std::size_t n = verdict.findings.size();
  std::string line = "refusing to send: verify finds " + std::to_string(n) + " problem(s), the copy is NOT CLEAN:";
  for (std::size_t i = 0; i < n && i < max_listed; ++i)
    line += (i == 0 ? " " : "; ") + verdict.findings[i].kind + " at " + verdict.findings[i].location;
  if (n > max_listed) line += "; and " + std::to_string(n - max_listed) + " more (see scanshare verify)";
  return line;
}

CheckedSend sendExport(const std::filesystem::path& path, const SendDestination& destination, const SendOptions& options) {
  CheckedSend result;
  result.verdict = verify(path, VerifyOptions{});
  if (result.refused()) return result;
  const Inventory inventory = scan(path);
  result.scan_problems = inventory.problems.size();
  if (inventory.instanceCount() == 0) throw Error(ErrorCode::InvalidArgument, "no DICOM instances to send", path.string());
  result.report = sendTo(inventory, destination, options);
  return result;
}

}  // namespace imaging
