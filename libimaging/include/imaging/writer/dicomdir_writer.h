#pragma once
// Builds an exported medium's DICOMDIR one file at a time. An export of many files hands each
// file's entry over as soon as the file is written, so that no list of every entry is held until
// the end: only the DICOMDIR's own records grow with the number of files.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <vector>

#include "imaging/writer/dicomdir.h"

namespace imaging {

class DicomdirWriter {
 public:
  DicomdirWriter(std::filesystem::path root, UnlistablePolicy policy);
  ~DicomdirWriter();
  DicomdirWriter(const DicomdirWriter&) = delete;
  DicomdirWriter& operator=(const DicomdirWriter&) = delete;

  // Entries come in ascending order of file (Error(Internal) otherwise). An unlistable entry is
  // thrown (Throw) or its file deleted at once (Remove).
  void add(const DicomdirEntry& entry);
  std::size_t added() const noexcept;

  // Writes root/DICOMDIR, reads it back and checks it, as writeDicomdir describes; returns the
  // files removed under Remove. Nothing is written when the writer is destroyed unfinished.
  std::vector<UnlistableFile> finish();
  // finish() in two steps, so that the check (a read of every record and of the folder) can run
  // beside other work: write() writes root/DICOMDIR and returns the files removed; check() reads it
  // back and throws as finish() does when it cannot be read, its records do not form one tree, or
  // it does not list exactly the files under root. Nothing under root may change between them.
  std::vector<UnlistableFile> write();
  void check() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace imaging
