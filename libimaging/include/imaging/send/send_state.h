#pragma once
// Remembers which instances already reached which destination, so a rerun sends only what failed
// or remains. An append-only file of one JSON object per line, so a crash loses at most the line
// being written (an incomplete last line is ignored on load).
#include <filesystem>
#include <set>
#include <string>
#include <utility>

namespace imaging {

class SendState {
 public:
  // Loads file if it exists; creates it (and is ready to append) otherwise. Throws Error(Io)
  // naming the file when it cannot be read or created.
  explicit SendState(std::filesystem::path file);

  // The default state file for an input: beside it, never inside it (input is never modified):
  // "/data/export" -> "/data/export.scanshare-send.jsonl", also for a zip or a single file.
  static std::filesystem::path defaultFileFor(const std::filesystem::path& input);

  const std::filesystem::path& file() const noexcept { return file_; }
  bool wasSent(const std::string& destination, const std::string& sop_instance_uid) const;
  // Appends and flushes one record; throws Error(Io) when the write fails.
  void recordSent(const std::string& destination, const std::string& sop_instance_uid);
  std::size_t size() const noexcept { return sent_.size(); }

 private:
  std::filesystem::path file_;
  std::set<std::pair<std::string, std::string>> sent_;  // (destination, SOP Instance UID)
};

}  // namespace imaging
