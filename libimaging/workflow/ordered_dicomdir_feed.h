#pragma once
// Hands the export's written files to the DICOMDIR writer in file order, whatever order the
// workers finish them in: an entry waits only until the files before it are done, so the
// waiting list stays about as long as the number of workers.
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>

#include "imaging/writer/dicomdir.h"
#include "imaging/writer/dicomdir_writer.h"

namespace imaging::workflow {

class OrderedDicomdirFeed {
 public:
  explicit OrderedDicomdirFeed(DicomdirWriter& writer) : writer_(writer) {}

  // The file at `position` (0-based, in file order) is done; entry is empty when it was not
  // written. Thread-safe. Throws what the writer throws.
  void done(std::size_t position, std::optional<DicomdirEntry> entry);

 private:
  DicomdirWriter& writer_;
  std::mutex mutex_;
  std::size_t next_ = 0;
  std::map<std::size_t, std::optional<DicomdirEntry>> waiting_;
};

}  // namespace imaging::workflow
