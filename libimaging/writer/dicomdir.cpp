#include "imaging/writer/dicomdir.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdicdir.h>

#include <algorithm>
#include <future>
#include <optional>
#include <iterator>
#include <limits>
#include <memory>

#include "imaging/core/error.h"
#include "imaging/core/spill.h"
#include "imaging/core/path_under.h"
#include "imaging/writer/dicomdir_writer.h"
#include "imaging/writer/media_layout.h"
#include "imaging_bridge/dicom_file.h"
#include "imaging_bridge/plain_directory.h"

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

std::string offsetKey(std::uint64_t offset) { return SortKey().unsignedNumber(offset).take(); }
std::uint64_t offsetOfKey(const std::string& key) {
  std::uint64_t v = 0;
  for (const char c : key) v = v << 8 | static_cast<unsigned char>(c);
  return v;
}

// The files the DICOMDIR's records reference, and whether its records form the one tree a reader
// follows: the first root offset is the first record, every other record is pointed at exactly
// once by a next or lower-level offset, every offset points forward to a record, and the last root
// has no next. Read by the plain reader (imaging_bridge/plain_directory.h), not by the code that
// wrote the file; what DCMTK makes of ScanShare's DICOMDIRs is proven byte for byte in the tests
// (tests/writer/dicomdir_bytes_test.cpp). Offsets and files go to sorts, so any size fits.
struct RecordRead {
  bool readable = false;
  std::string tree_problem;
};
RecordRead readRecords(const fs::path& dicomdir, ExternalSorter& files, const fs::path& spill_folder, std::size_t budget) {
  ExternalSorter records(spill_folder, budget / 2), pointed_at(spill_folder, budget / 2);
  RecordRead read;
  const auto problem = [&read](std::string text) {
    if (read.tree_problem.empty()) read.tree_problem = std::move(text);
  };
  std::uint64_t first_record = 0;
  bool last_root_seen = false;
  const bridge::PlainDirectoryWalk walk = bridge::readDirectoryRecordsPlain(
      dicomdir, [&](const bridge::PlainDirectoryWalk& head, const bridge::PlainDirectoryRecord& record) {
        if (!record.file_id.empty()) addRecordFile(record.file_id, files);
        if (first_record == 0) {
          first_record = record.offset;
          if (head.first_root != first_record) problem("the first root offset is not the first record");
        }
        records.add(offsetKey(record.offset), {});
        for (const std::uint32_t to : {record.next, record.lower}) {
          if (to == 0) continue;
          if (to <= record.offset) problem("the record at byte " + std::to_string(record.offset) + " points back");
          pointed_at.add(offsetKey(to), {});
        }
        if (record.offset == head.last_root) {
          last_root_seen = true;
          if (record.next != 0) problem("the last root record has a next record");
        }
      });
  if (!walk.ok) {
    if (!walk.not_explicit_little_endian) return read;
    // Not written by ScanShare (which writes explicit VR little endian): DCMTK lists its files.
    read.readable = bridge::forEachDirectoryRecord(dicomdir, [&files](DcmItem& record) {
                      OFString id;
                      if (record.findAndGetOFStringArray(DCM_ReferencedFileID, id).good())
                        addRecordFile(std::string(id.c_str()), files);
                    }).ok;
    return read;
  }
  read.readable = true;
  if (walk.records == 0) {
    if (walk.first_root != 0 || walk.last_root != 0) problem("root offsets without records");
    return read;
  }
  if (!last_root_seen) problem("the last root offset is not a record");
  // Every record but the first pointed at once, and nothing else: two sorted streams, side by side.
  std::string record_key, pointed_key, unused;
  bool have_record = records.next(record_key, unused), have_pointed = pointed_at.next(pointed_key, unused);
  while (read.tree_problem.empty() && (have_record || have_pointed)) {
    if (have_record && offsetOfKey(record_key) == first_record) {
      have_record = records.next(record_key, unused);
      continue;
    }
    if (have_record && have_pointed && record_key == pointed_key) {
      const std::string matched = record_key;
      have_record = records.next(record_key, unused);
      have_pointed = pointed_at.next(pointed_key, unused);
      if (have_pointed && pointed_key == matched)
        problem("the record at byte " + std::to_string(offsetOfKey(matched)) + " is pointed at more than once");
      continue;
    }
    if (have_record && (!have_pointed || record_key < pointed_key))
      problem("the record at byte " + std::to_string(offsetOfKey(record_key)) + " cannot be reached");
    else
      problem("an offset points at byte " + std::to_string(offsetOfKey(pointed_key)) + ", where no record starts");
  }
  return read;
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

DicomdirCheck checkDicomdir(const fs::path& root, const fs::path& spill_folder) {
  // No DCMTK here unless the DICOMDIR is not explicit VR little endian (readRecords): the door's
  // walk then loads the dictionary itself.
  DicomdirCheck check;
  // Both lists are sorted and compared as streams: with a spill folder they spill past a few MiB
  // (an export of any size); without one they stay in memory.
  const std::size_t budget = spill_folder.empty() ? std::numeric_limits<std::size_t>::max() : std::size_t{4} << 20;
  auto walked = std::make_unique<ExternalSorter>(spill_folder, budget);
  ExternalSorter listed(spill_folder, budget);
  // The folder walk (no DICOM) runs beside the reading of the DICOMDIR; both only read.
  std::future<void> walking = std::async(std::launch::async, [&root, &walked] {
    forEachFileUnder(root, [&walked](std::string rel) { walked->add(rel, {}); });
  });
  try {
    const RecordRead read = readRecords(root / kMediaDicomdirName, listed, spill_folder, budget);
    check.readable = read.readable;
    check.tree_problem = read.tree_problem;
  } catch (...) {
    walking.wait();
    throw;
  }
  walking.get();
  check.records = static_cast<std::size_t>(listed.size());
  std::string in_dicomdir, on_disk, unused;
  bool have_listed = listed.next(in_dicomdir, unused), have_file = walked->next(on_disk, unused);
  const auto nextListed = [&] {  // past every repeat of the current one
    std::string previous = std::move(in_dicomdir);
    while ((have_listed = listed.next(in_dicomdir, unused)) && in_dicomdir == previous) {
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
