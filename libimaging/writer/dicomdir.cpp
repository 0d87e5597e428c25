#include "imaging/writer/dicomdir.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdicdir.h>

#include <algorithm>
#include <future>
#include <optional>
#include <iterator>
#include <limits>
#include <memory>
#include <thread>

#include "imaging/core/error.h"
#include "imaging/core/spill.h"
#include "imaging/core/path_under.h"
#include "imaging/writer/dicomdir_writer.h"
#include "imaging/writer/media_layout.h"
#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/dicom_file.h"

namespace fs = std::filesystem;

namespace imaging {
namespace {

// Visits every regular file under root (the DICOMDIR excepted), relative, '/' separated.
template <typename Visit>
void forEachFileUnder(const fs::path& root, Visit visit) {
  std::error_code ec;
  const PathUnder under_root(root);
  for (fs::recursive_directory_iterator it(root, ec), end; it != end; it.increment(ec)) {
    if (ec) break;
    if (!it->is_regular_file(ec)) continue;
    std::optional<std::string> below = under_root(it->path());
    std::string rel = below ? std::move(*below) : it->path().lexically_relative(root).generic_string();
    if (rel != kMediaDicomdirName) visit(std::move(rel));
  }
}

std::vector<std::string> filesUnder(const fs::path& root) {
  std::vector<std::string> files;
  forEachFileUnder(root, [&files](std::string rel) { files.push_back(std::move(rel)); });
  std::sort(files.begin(), files.end());
  return files;
}

void addRecordFile(std::string id, ExternalSorter& files) {
  if (id.empty()) return;
  std::replace(id.begin(), id.end(), '\\', '/');
  files.add(id, {});
}

// The file of every directory record that references one, as DCMTK reads the DICOMDIR: the check
// after writing does not use the code that wrote it. (Our plain reader leaves DICOMDIRs to DCMTK
// by design.) Record by record, so that checking a DICOMDIR of any size holds one record's tree
// per part at a time; a large DICOMDIR is parsed in parts side by side (about 50 000 instructions
// a record: the longest single step left after the last file is written), each into its own sort.
bool readRecordFiles(const fs::path& dicomdir, std::vector<std::unique_ptr<ExternalSorter>>& parts,
                     const fs::path& spill_folder, std::size_t budget) {
  std::error_code ec;
  const auto size = fs::file_size(dicomdir, ec);
  const std::size_t wanted = ec || size < (std::size_t{256} << 10) ? 1 : std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  for (std::size_t k = 0; k < wanted; ++k) parts.push_back(std::make_unique<ExternalSorter>(spill_folder, budget / wanted));
  const bridge::DirectoryRecordWalk walk =
      bridge::forEachDirectoryRecordInParts(dicomdir, wanted, [&parts](std::size_t part, DcmItem& record) {
        OFString id;
        if (record.findAndGetOFStringArray(DCM_ReferencedFileID, id).good()) addRecordFile(std::string(id.c_str()), *parts[part]);
      });
  return walk.ok;
}

// The sorted streams of several sorts as one sorted stream.
class MergedFiles {
 public:
  explicit MergedFiles(std::vector<std::unique_ptr<ExternalSorter>>& parts) : parts_(parts), heads_(parts.size()) {
    for (std::size_t k = 0; k < parts_.size(); ++k) pull(k);
  }
  bool next(std::string& file) {
    std::size_t best = heads_.size();
    for (std::size_t k = 0; k < heads_.size(); ++k)
      if (heads_[k] && (best == heads_.size() || *heads_[k] < *heads_[best])) best = k;
    if (best == heads_.size()) return false;
    file = std::move(*heads_[best]);
    pull(best);
    return true;
  }
  std::size_t size() const {
    std::size_t n = 0;
    for (const auto& part : parts_) n += static_cast<std::size_t>(part->size());
    return n;
  }

 private:
  void pull(std::size_t k) {
    std::string file, unused;
    if (parts_[k]->next(file, unused)) heads_[k] = std::move(file);
    else heads_[k].reset();
  }
  std::vector<std::unique_ptr<ExternalSorter>>& parts_;
  std::vector<std::optional<std::string>> heads_;
};

}  // namespace

std::vector<UnlistableFile> writeDicomdir(const fs::path& root, std::vector<DicomdirEntry> entries, UnlistablePolicy policy) {
  DicomdirWriter writer(root, policy);
  if (entries.empty()) return writer.finish();  // says there is nothing to list
  // Entries are big; the pipeline hands them over in file order already, and no two name one file.
  const auto by_file = [](const DicomdirEntry& a, const DicomdirEntry& b) { return a.file < b.file; };
  if (!std::is_sorted(entries.begin(), entries.end(), by_file)) std::sort(entries.begin(), entries.end(), by_file);
  // Under Throw an unlistable entry is refused before anything is built or removed.
  if (policy == UnlistablePolicy::Throw)
    for (const DicomdirEntry& e : entries)
      if (!e.unlistable_reason.empty()) throw Error(ErrorCode::Unsupported, e.unlistable_reason, e.file);
  for (const DicomdirEntry& e : entries) writer.add(e);
  return writer.finish();
}

std::vector<UnlistableFile> writeDicomdir(const fs::path& root, UnlistablePolicy policy) {
  std::vector<DicomdirEntry> entries;
  for (const auto& rel : filesUnder(root)) entries.push_back(readDicomdirEntry(root, rel));
  return writeDicomdir(root, std::move(entries), policy);
}

DicomdirCheck checkDicomdir(const fs::path& root, const fs::path& spill_folder) {
  bridge::ensureDcmtkReady();
  DicomdirCheck check;
  // Both lists are sorted and compared as streams: with a spill folder they spill past a few MiB
  // (an export of any size); without one they stay in memory.
  const std::size_t budget = spill_folder.empty() ? std::numeric_limits<std::size_t>::max() : std::size_t{4} << 20;
  auto walked = std::make_unique<ExternalSorter>(spill_folder, budget);
  std::vector<std::unique_ptr<ExternalSorter>> listed_parts;
  // The folder walk (no DICOM) runs beside the parse of the DICOMDIR; both only read.
  std::future<void> walking = std::async(std::launch::async, [&root, &walked] {
    forEachFileUnder(root, [&walked](std::string rel) { walked->add(rel, {}); });
  });
  try {
    check.readable = readRecordFiles(root / kMediaDicomdirName, listed_parts, spill_folder, budget);
  } catch (...) {
    walking.wait();
    throw;
  }
  walking.get();
  MergedFiles listed(listed_parts);
  check.records = listed.size();
  std::string in_dicomdir, on_disk, unused;
  bool have_listed = listed.next(in_dicomdir), have_file = walked->next(on_disk, unused);
  const auto nextListed = [&] {  // past every repeat of the current one
    std::string previous = std::move(in_dicomdir);
    while ((have_listed = listed.next(in_dicomdir)) && in_dicomdir == previous) {
    }
  };
  while (have_listed || have_file) {
    if (have_listed && (!have_file || in_dicomdir < on_disk)) {
      check.missing_files.push_back(in_dicomdir);
      nextListed();
    } else if (!have_listed || on_disk < in_dicomdir) {
      check.unlisted_files.push_back(on_disk);
      have_file = walked->next(on_disk, unused);
    } else {
      nextListed();
      have_file = walked->next(on_disk, unused);
    }
  }
  return check;
}

}  // namespace imaging
