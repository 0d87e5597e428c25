#pragma once
// A small file (a report) written in two steps, so that it can appear together with an export or
// not at all: the constructor writes the whole content under "<path>.partial" (and flushes it to
// disk when asked); publish() renames it to <path>. Destroyed unpublished, the partial file is removed.
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace imaging {

class StagedFile {
 public:
  // Throws Error(Io) naming path and the system's reason (e.g. "No space left on device");
  // then no partial file is left.
  StagedFile(std::filesystem::path path, const std::string& content, bool flush_to_disk);
  // The same with the content made piece by piece: produce calls write as often as it likes, and
  // the pieces go to the file through a small buffer, so a long report is never held whole. What
  // produce throws is thrown on, and no partial file is left.
  using Writer = std::function<void(std::string_view piece)>;
  StagedFile(std::filesystem::path path, const std::function<void(const Writer& write)>& produce, bool flush_to_disk);
  ~StagedFile();
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;

  // Renames the partial file to the path (replacing a file there). Throws Error(Io).
  void publish();
  // Flushes the folder the file is in to disk (after publish(): its name is then durable too).
  // Throws Error(Io).
  void syncFolder() const;
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
  std::filesystem::path partial_;
  bool published_ = false;
};

}  // namespace imaging
