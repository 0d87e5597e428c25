#pragma once
// What scan() and scanStreamed() share: where the input's files are (a zip or CD image extracted
// first), how a file and a DICOMDIR are read, and what a file that needed DCMTK's dictionary and found
// none does to the scan.
#include <cstdint>
#include <filesystem>
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

// DCMTK's data dictionary (a text file parsed, some 110 M instructions) is loaded by the first file
// DCMTK must parse (bridge::ensureDcmtkReady, once, whoever comes first), not beside every scan:
// plain files (our own reader) need none, and a file that needs it needs it at once, so a thread
// started on meeting it would gain nothing. A reader thread that finds no dictionary reports its
// file as unreadable; the scan then fails as a whole with ensureDcmtkReady's clear error, as it did
// when the load ran beside it. A scan that met no such file is not failed by another's.
class DcmtkRefusals {
 public:
  DcmtkRefusals();
  // Once every file is read: throws ensureDcmtkReady's error if it refused a file since construction.
  void throwIfAny() const;

 private:
  std::uint64_t at_start_;
};

}  // namespace imaging::media
