#pragma once
// The one door into a DICOM file. Every module that reads a file (scan, dump, harvest, the engine,
// verify, pixels, OCR, send, the DICOMDIR reader and writer) opens it here: the file is opened once,
// sniffed, walked by the structure guard (refuseUnsafeStructure) and only then handed to DCMTK's
// parser, to the depth the caller asks for. No other code calls DCMTK's load functions; a test
// (tests/bridge/door_test.cpp) fails the build's tests when one does.
//
// A file that cannot be read never throws here: the result says why, as a ProblemKind and a one-line
// reason without values from the file. throwIfFailed() turns it into imaging::Error for callers
// that work on one file.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "imaging/core/error.h"
#include "imaging/model/model.h"
#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/fd_streams.h"
#include "imaging_bridge/file_sniff.h"

namespace imaging::bridge {

enum class ReadDepth {
  Keys,         // up to (not including) group 0028: identity, study, series and instance keys
  Header,       // up to (not including) the top-level Pixel Data; stoppedAt() says where
  LazyValues,   // the whole file; values over 4 KiB stay on disk until asked for (pixels, big blobs)
  Everything,   // the whole file, every value in memory
};

class PlainDataSet;

class DicomFile {
 public:
  static DicomFile open(const std::filesystem::path& path, ReadDepth depth);
  // The scan's way in: a plain file (see plain_dataset.h) is read by our own reader and DCMTK never
  // parses it (plain() is then set and format() must not be called); any other file is parsed as by
  // open(path, ReadDepth::LazyValues). One open of the file either way.
  static DicomFile openForScan(const std::filesystem::path& path);
  // The engine's way in: like openForScan, but a file that is not plain is parsed as by
  // open(path, ReadDepth::Header); after plain(), parseWithDcmtk() parses to that depth.
  static DicomFile openForEngine(const std::filesystem::path& path);

  DicomFile(DicomFile&&) noexcept;
  DicomFile& operator=(DicomFile&&) noexcept;
  ~DicomFile();

  bool ok() const { return format_ != nullptr || plain_ != nullptr; }
  // Meaningful when !ok().
  ProblemKind problemKind() const { return problem_kind_; }
  ErrorCode errorCode() const { return error_code_; }
  const std::string& reason() const { return reason_; }
  // Throws imaging::Error (NotDicom, Truncated, Corrupt or Io, with the path) when !ok().
  void throwIfFailed() const;

  // Set when openForScan read the file itself; otherwise null.
  const PlainDataSet* plain() const { return plain_.get(); }
  // A plain file holding a value the plain reader does not interpret: parse it with DCMTK after all
  // (through the structure guard, like open()). ok() says how that went.
  void parseWithDcmtk();

  // Only when ok() and plain() is null.
  DcmFileFormat& format() { return *format_; }
  DcmDataset& dataset() { return *format_->getDataset(); }
  DcmMetaInfo& meta() { return *format_->getMetaInfo(); }
  // Takes the parsed file out (the descriptor stays with this object).
  std::unique_ptr<DcmFileFormat> releaseFormat() { return std::move(format_); }

  const std::filesystem::path& path() const { return path_; }
  std::uint64_t fileSize() const { return file_size_; }
  ReadDepth depth() const { return depth_; }
  // ReadDepth::Header: the stream offset where DCMTK stopped (just after the Pixel Data element's
  // tag and length, or the end of the file when it has none).
  std::uint64_t stoppedAt() const { return stopped_at_; }
  // The descriptor the file was read through, still open: the engine copies pixel data from it.
  const InputFile& input() const { return *input_; }

 private:
  DicomFile() = default;
  static DicomFile openFile(const std::filesystem::path& path, ReadDepth depth, bool plain_allowed);
  void fail(ProblemKind kind, ErrorCode code, std::string reason);

  std::filesystem::path path_;
  std::unique_ptr<InputFile> input_;
  std::unique_ptr<DcmFileFormat> format_;
  std::unique_ptr<PlainDataSet> plain_;
  Sniff sniff_;  // the first look at the file, kept for parseWithDcmtk's verdict
  ReadDepth depth_ = ReadDepth::LazyValues;
  ProblemKind problem_kind_ = ProblemKind::Unreadable;
  ErrorCode error_code_ = ErrorCode::Corrupt;
  std::string reason_;
  std::uint64_t file_size_ = 0;
  std::uint64_t stopped_at_ = 0;
};

// A DICOMDIR read one directory record at a time, so that memory is that of one record however
// many files it lists (DCMTK's tree of a whole DICOMDIR takes about 2 KiB per record). Opened,
// sniffed and walked by the structure guard like open(path, LazyValues), and counted by the open
// observer as such; DCMTK parses the file meta and the data set up to the Directory Record Sequence,
// then each record item on its own, freed before the next, then whatever follows the sequence.
// visit sees each record in file order. ok is false, with a one-line reason, when the file cannot
// be read this way (not DICOM, unsafe, no record sequence, a record DCMTK refuses).
struct DirectoryRecordWalk {
  bool ok = false;
  bool no_record_sequence = false;  // a DICOM file, but without (0004,1220)
  std::string reason;
  std::size_t records = 0;
};
DirectoryRecordWalk forEachDirectoryRecord(const std::filesystem::path& dicomdir,
                                           const std::function<void(DcmItem& record)>& visit);
// As above; then, when the walk succeeded, shows what the records left: the file meta and the
// DICOMDIR's own elements, those before the Directory Record Sequence and those after it (the
// sequence itself in neither). verify checks their text as it checks the records'.
using DirectoryOwnElementsVisit =
    std::function<void(DcmMetaInfo& meta, DcmDataset& before_records, DcmDataset& after_records)>;
DirectoryRecordWalk forEachDirectoryRecord(const std::filesystem::path& dicomdir,
                                           const std::function<void(DcmItem& record)>& visit,
                                           const DirectoryOwnElementsVisit& visit_own_elements);
// As above, with each record's offset: where its item starts, counted from the file's first byte,
// as the records' own offsets (0004,1400) and (0004,1420) count. For following the hierarchy.
DirectoryRecordWalk forEachDirectoryRecordAt(const std::filesystem::path& dicomdir,
                                             const std::function<void(DcmItem& record, std::uint64_t offset)>& visit,
                                             const DirectoryOwnElementsVisit& visit_own_elements);

// Tests that count how often each file is read set an observer: it is called (from any thread) at
// the start of every DicomFile::open until reset with an empty function.
using OpenObserver = std::function<void(const std::filesystem::path& path, ReadDepth depth)>;
void setOpenObserver(OpenObserver observer);

// Parses bytes already in memory (a UN value re-wrapped as one implicit VR little endian element,
// PS3.5 6.2.2) into `into`. The caller must have walked the bytes first (deid's isCleanItemList
// bounds nesting like the file guard does). False when DCMTK refuses them.
bool parseImplicitLittleEndian(const Uint8* data, std::size_t size, DcmDataset& into);

}  // namespace imaging::bridge
