#pragma once
// The de-identification engine on one parsed data set: every attribute at every depth under the
// profile (Table E.1-1 with the options, recipe overrides, free text, UIDs, dates, pseudonyms).
// The file layer (deidentifier.cpp) opens, marks, chooses the character set and writes.
#include <memory>
#include <string>

#include "imaging/deid/deidentifier.h"
#include "imaging_bridge/dcmtk.h"

namespace imaging::deid {

template <class Tree>
class FileRun;
struct DcmtkTree;
struct PlainTreeOps;
struct TreeItem;

// Thrown by the plain tree's view where it cannot answer as DCMTK would: run the file through DCMTK.
struct PlainUnsupported {};

class DatasetEngine {
 public:
  // record: keep every change (path, before, after) in outcome.changes (the dry run).
  DatasetEngine(const DeidConfig& config, const PatientContext& patient, bool record, InstanceOutcome& outcome);
  ~DatasetEngine();
  DatasetEngine(const DatasetEngine&) = delete;
  DatasetEngine& operator=(const DatasetEngine&) = delete;

  // header_only: the data set is what precedes the pixel data and the caller's harvest covered it.
  void prepare(DcmDataset& dataset, bool header_only);
  // Text that cannot be converted to UTF-8 is kept only when plain ASCII.
  void setTextUnreliable(bool unreliable);
  void run(DcmDataset& dataset);
  // The same on a plain file's tree (plain_tree.h); header only by construction. May throw
  // PlainUnsupported, after which the outcome is to be thrown away.
  void prepare(TreeItem& dataset);
  void run(TreeItem& dataset);
  void count(const std::string& action);
  void recordMeta(const std::string& tag, const std::string& keyword, const std::string& action,
                  const std::string& before, const std::string& after);

 private:
  template <class Tree>
  FileRun<Tree>& runFor(std::unique_ptr<FileRun<Tree>>& run);

  const DeidConfig& config_;
  const PatientContext& patient_;
  bool record_;
  InstanceOutcome& outcome_;
  bool text_unreliable_ = false;
  std::unique_ptr<FileRun<DcmtkTree>> dcmtk_;
  std::unique_ptr<FileRun<PlainTreeOps>> plain_;
};

}  // namespace imaging::deid
