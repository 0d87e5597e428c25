#pragma once
// A bounded export's per-file results, kept in an encrypted spill file beside the output instead
// of in AnonymizeResult::files, and read back (in order) by the report and the CLI.
#include <filesystem>
#include <map>
#include <string>

#include "imaging/core/spill.h"
#include "imaging/workflow/anonymize.h"

namespace imaging::workflow {

class FileResultSpill : public FileResultSource {
 public:
  explicit FileResultSpill(const std::filesystem::path& folder);
  void append(const FileResult& result);  // the sealed mapping's `written` UIDs are not kept
  // A kept file the DICOMDIR could not list: read back as failed, with this code and reason.
  void markUnlisted(const std::string& output_name, OutcomeCode code, std::string reason);
  void forEach(const std::function<void(const FileResult&)>& visit) const override;

 private:
  mutable SpillFile spill_;
  std::map<std::string, std::pair<OutcomeCode, std::string>> unlisted_;
};

}  // namespace imaging::workflow
