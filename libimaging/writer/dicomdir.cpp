#include "imaging/writer/dicomdir.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdicdir.h>

#include <algorithm>
#include <future>
#include <optional>
#include <iterator>

#include "imaging/core/error.h"
#include "imaging/core/path_under.h"
#include "imaging/writer/dicomdir_writer.h"
#include "imaging/writer/media_layout.h"
#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/dicom_file.h"

namespace fs = std::filesystem;

namespace imaging {
namespace {

std::vector<std::string> filesUnder(const fs::path& root) {
  std::vector<std::string> files;
  std::error_code ec;
  const PathUnder under_root(root);
  for (fs::recursive_directory_iterator it(root, ec), end; it != end; it.increment(ec)) {
    if (ec) break;
    if (!it->is_regular_file(ec)) continue;
    std::optional<std::string> below = under_root(it->path());
    std::string rel = below ? std::move(*below) : it->path().lexically_relative(root).generic_string();
    if (rel != kMediaDicomdirName) files.push_back(std::move(rel));
  }
  std::sort(files.begin(), files.end());
  return files;
}

void addRecordFile(std::string id, std::vector<std::string>& files) {
  if (id.empty()) return;
  std::replace(id.begin(), id.end(), '\\', '/');
  files.push_back(std::move(id));
}

// The file of every directory record that references one, in the order written, as DCMTK reads
// the DICOMDIR: the check after writing does not use the code that wrote it. (Our plain reader
// leaves DICOMDIRs to DCMTK by design.) Record by record, so that checking a DICOMDIR of any size
// holds one record's tree at a time.
bool readRecordFiles(const fs::path& dicomdir, std::vector<std::string>& files) {
  const bridge::DirectoryRecordWalk walk = bridge::forEachDirectoryRecord(dicomdir, [&files](DcmItem& record) {
    OFString id;
    if (record.findAndGetOFStringArray(DCM_ReferencedFileID, id).good()) addRecordFile(std::string(id.c_str()), files);
  });
  return walk.ok;
}

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

DicomdirCheck checkDicomdir(const fs::path& root) {
  bridge::ensureDcmtkReady();
  DicomdirCheck check;
  // The folder walk (no DICOM) runs beside the parse of the DICOMDIR; both only read.
  std::future<std::vector<std::string>> walked = std::async(std::launch::async, [&root] { return filesUnder(root); });
  std::vector<std::string> listed;
  check.readable = readRecordFiles(root / kMediaDicomdirName, listed);  // should it throw, the future waits
  check.records = listed.size();
  std::sort(listed.begin(), listed.end());
  listed.erase(std::unique(listed.begin(), listed.end()), listed.end());
  const std::vector<std::string> files = walked.get();  // sorted, each once
  std::set_difference(listed.begin(), listed.end(), files.begin(), files.end(), std::back_inserter(check.missing_files));
  std::set_difference(files.begin(), files.end(), listed.begin(), listed.end(), std::back_inserter(check.unlisted_files));
  return check;
}

}  // namespace imaging
