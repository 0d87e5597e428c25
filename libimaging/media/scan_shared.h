#pragma once
// What scan() and scanStreamed() share: where the input's files are (a zip or CD image extracted
// first), how a file and a DICOMDIR are read, DCMTK's data dictionary loaded beside the walk.
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <vector>

#include "dicomdir_reader.h"
#include "header_reader.h"
#include "imaging/core/file_path.h"
#include "imaging/media/scan.h"
#include "imaging/model/model.h"

namespace imaging::media {

struct ScanInput {
  std::filesystem::path walk_root;      // folder all reported paths are relative to
  std::optional<FilePath> single_file;  // set: this file is the whole input, nothing is walked
  std::vector<Problem> problems;        // from zip or CD image extraction
  std::shared_ptr<void> keep_alive;     // owns an extraction
};

// The folder a folder input, or a DICOMDIR file, walks; nothing for any other input.
std::optional<std::filesystem::path> walkedFolder(const std::filesystem::path& path,
                                                  const std::filesystem::file_status& status);

// Throws Error when path itself is unusable (missing, not a file or folder, a UDF-only image).
ScanInput prepareScanInput(const std::filesystem::path& path, const ScanOptions& options);

// A file's header read as the scan reads it: an exception (a file that vanished, memory) becomes
// an Unreadable problem. Reported paths are relative to root.
HeaderOutcome readScannedFile(const FilePath& file, const std::filesystem::path& root, bool collect_uids);

// How many threads read headers (ScanOptions::threads, 0: one per core).
unsigned readerThreads(const ScanOptions& options);

// The DICOMDIRs of one scan (named so or found by content), read one after another.
class ScanDicomdirs {
 public:
  explicit ScanDicomdirs(std::filesystem::path root) : root_(std::move(root)) {}
  // Reads one; returns its problems (paths relative to the root).
  std::vector<Problem> read(const std::filesystem::path& dicomdir);
  bool used() const noexcept { return used_; }  // one of them could be read
  std::vector<DicomdirIdentity> takeIdentities() { return std::move(identities_); }

 private:
  std::filesystem::path root_;
  CaseInsensitiveResolver resolver_;  // shared: it caches folder listings
  bool used_ = false;
  std::vector<DicomdirIdentity> identities_;
};

inline bool cancelled(const ScanOptions& options) { return options.cancel != nullptr && options.cancel->load(); }

// DCMTK's data dictionary (a file parse) loads in another thread while the files are listed and
// the plain files read (our own reader needs no dictionary); a file DCMTK must parse waits for it
// (ensureDcmtkReady runs once, whoever calls it first). Once loaded (a second scan in the same
// process) no thread is started.
class DcmtkWarmUp {
 public:
  DcmtkWarmUp();
  // Waits for the load; throws its error, if any.
  void wait();

 private:
  std::future<void> ready_;
};

}  // namespace imaging::media
