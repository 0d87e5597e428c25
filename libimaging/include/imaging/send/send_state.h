#pragma once
// Remembers which instances of which export an earlier run delivered to which destination, so a
// rerun need not send them again. It is a belief, not a proof: a resumed send asks the server
// which of them it still has (C-FIND / QIDO-RS) and sends the rest again (docs/send.md).
// An append-only file of one JSON object per line, so a crash loses at most the line being
// written (an incomplete last line is ignored on load). Records of older versions, which named no
// export, are ignored.
#include <filesystem>
#include <set>
#include <string>
#include <tuple>

#include "imaging/model/model.h"

namespace imaging {

class SendState {
 public:
  // Loads file if it exists. The file is created by the first record, never before, so a send
  // that delivers nothing leaves no file. Throws Error(Io) naming the file when it exists and
  // cannot be read, or when its folder cannot be written.
  explicit SendState(std::filesystem::path file);

  // The default state file for an input: beside it, never inside it (input is never modified):
  // "/data/export" -> "/data/export.scanshare-send.jsonl", also for a zip or a single file.
  static std::filesystem::path defaultFileFor(const std::filesystem::path& input);

  // What identifies an export's content: a digest of its SOP Instance UIDs, sorted. Another
  // export (or the same folder holding other images) gets another identity.
  static std::string exportIdentity(const Inventory& inventory);

  const std::filesystem::path& file() const noexcept { return file_; }
  bool wasSent(const std::string& destination, const std::string& export_identity, const std::string& sop_instance_uid) const;
  // Appends and flushes one record (creating the file); throws Error(Io) when the write fails.
  void recordSent(const std::string& destination, const std::string& export_identity, const std::string& sop_instance_uid);
  std::size_t size() const noexcept { return sent_.size(); }

 private:
  std::filesystem::path file_;
  std::set<std::tuple<std::string, std::string, std::string>> sent_;  // (destination, export, SOP Instance UID)
};

}  // namespace imaging
