#include "imaging_bridge/dicom_file.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <dcmtk/dcmdata/dcistrmb.h>

#include "imaging_bridge/file_sniff.h"
#include "imaging_bridge/little_endian.h"
#include "imaging_bridge/plain_dataset.h"
#include "imaging_bridge/structure_check.h"

namespace imaging::bridge {
namespace {

// Values longer than this are left on disk while parsing (DCMTK loads them by name when asked).
constexpr Uint32 kLazyValueLength = 4096;

// Encapsulated pixel data whose fragment list runs to the end of the file without its closing
// Sequence Delimitation Item (seen on ultrasound loops): the file is parsed again from memory
// with the eight missing bytes appended. Accepted only when that parse succeeds and the pixel
// data is the data set's last element and encapsulated; a file cut inside a value stays truncated.
constexpr std::uint64_t kMaxRecoveredFileSize = std::uint64_t{1} << 30;

std::unique_ptr<DcmFileFormat> parseWithClosingDelimiter(const InputFile& input) {
  if (input.size() > kMaxRecoveredFileSize) return nullptr;
  std::vector<Uint8> bytes(static_cast<std::size_t>(input.size()) + 8);
  if (readAt(input.fd(), bytes.data(), static_cast<std::size_t>(input.size()), 0) !=
      static_cast<long>(input.size()))
    return nullptr;
  static const Uint8 kDelimiter[8] = {0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0};
  std::copy(kDelimiter, kDelimiter + 8, bytes.end() - 8);
  auto format = std::make_unique<DcmFileFormat>();
  DcmInputBufferStream stream;
  stream.setBuffer(bytes.data(), static_cast<offile_off_t>(bytes.size()));
  stream.setEos();
  format->transferInit();
  // A buffer stream has no factory: every value is loaded now, so the buffer may go afterwards.
  const OFCondition status = format->read(stream, EXS_Unknown, EGL_noChange, DCM_MaxReadLength);
  format->transferEnd();
  DcmDataset& dataset = *format->getDataset();
  if (status.bad() || dataset.card() == 0 || !DcmXfer(dataset.getOriginalXfer()).isEncapsulated()) return nullptr;
  DcmElement* last = dataset.getElement(dataset.card() - 1);
  if (last == nullptr || last->getTag() != DCM_PixelData) return nullptr;
  return format;
}

// The recovery above is for one damage only: the data set's last element, encapsulated Pixel Data
// (undefined length), runs to the end of the file. The parse that failed says whether it got there; only then is the
// file parsed again from memory, where DCMTK loads every value and allocates each declared length
// before reading it (a damaged length elsewhere asked for up to 4 GB: fuzz_deidentify, session 9).
bool failedInsidePixelData(DcmFileFormat& failed) {
  DcmDataset& dataset = *failed.getDataset();
  if (dataset.card() == 0) return false;
  DcmElement* last = dataset.getElement(dataset.card() - 1);
  return last != nullptr && last->getTag() == DCM_PixelData && last->getLengthField() == DCM_UndefinedLength;
}

std::mutex observer_mutex;
OpenObserver open_observer;
std::atomic<bool> observed{false};

void notifyObserver(const std::filesystem::path& path, ReadDepth depth) {
  if (!observed.load(std::memory_order_relaxed)) return;
  std::lock_guard<std::mutex> lock(observer_mutex);
  if (open_observer) open_observer(path, depth);
}

}  // namespace

void setOpenObserver(OpenObserver observer) {
  std::lock_guard<std::mutex> lock(observer_mutex);
  open_observer = std::move(observer);
  observed.store(static_cast<bool>(open_observer));
}

DicomFile::DicomFile(DicomFile&&) noexcept = default;
DicomFile& DicomFile::operator=(DicomFile&&) noexcept = default;
DicomFile::~DicomFile() = default;

DicomFile DicomFile::open(const std::filesystem::path& path, ReadDepth depth) {
  return openFile(path, depth, false);
}

DicomFile DicomFile::openForScan(const std::filesystem::path& path) {
  return openFile(path, ReadDepth::LazyValues, true);
}

DicomFile DicomFile::openForEngine(const std::filesystem::path& path) {
  return openFile(path, ReadDepth::Header, true);
}

void DicomFile::fail(ProblemKind kind, ErrorCode code, std::string reason) {
  format_.reset();
  plain_.reset();
  problem_kind_ = kind;
  error_code_ = code;
  reason_ = std::move(reason);
}

DicomFile DicomFile::openFile(const std::filesystem::path& path, ReadDepth depth, bool plain_allowed) {
  // The plain reader needs nothing of DCMTK's: the dictionary may still be loading (see scan()).
  if (!plain_allowed) ensureDcmtkReady();
  notifyObserver(path, depth);
  DicomFile file;
  file.path_ = path;
  file.depth_ = depth;

  // One descriptor for the sniff, the structure guard, DCMTK's parse and (engine) the pixel copy.
  file.input_ = std::make_unique<InputFile>(path);
  const InputFile& input = *file.input_;
  if (!input.good()) {
    file.fail(ProblemKind::Unreadable, ErrorCode::Io, std::string("cannot open the file: ") + std::strerror(input.openError()));
    return file;
  }
  file.sniff_ = sniffFile(input);
  const Sniff& sniff = file.sniff_;
  file.file_size_ = sniff.file_size;
  switch (sniff.result) {
    case SniffResult::Unreadable: file.fail(ProblemKind::Unreadable, ErrorCode::Io, "cannot read the file"); return file;
    case SniffResult::NotDicom:
      file.fail(ProblemKind::NotDicom, ErrorCode::NotDicom,
                sniff.file_size == 0 ? "not a DICOM file (empty)" : "not a DICOM file");
      return file;
    case SniffResult::TruncatedPreamble:
      file.fail(ProblemKind::Truncated, ErrorCode::Truncated, "file ends inside the DICOM preamble");
      return file;
    case SniffResult::Dicom: break;
  }
  // Our own reader walks a plain file with its own bounds and depth limit: no guard walk needed.
  if (plain_allowed && sniff.has_preamble) {
    if (auto plain = PlainDataSet::read(input)) {
      file.plain_ = std::make_unique<PlainDataSet>(std::move(*plain));
      file.stopped_at_ = file.file_size_;
      return file;
    }
  }
  file.parseWithDcmtk();
  return file;
}

void DicomFile::parseWithDcmtk() {
  ensureDcmtkReady();
  plain_.reset();
  const InputFile& input = *input_;
  const Sniff& sniff = sniff_;
  if (auto refused = refuseUnsafeStructure(input))
    return fail(ProblemKind::UnsafeStructure, ErrorCode::UnsafeStructure, "cannot parse DICOM: " + *refused);

  auto format = std::make_unique<DcmFileFormat>();
  OFCondition status;
  bool reached_end = false;
  try {
    FdInputStream stream(input);
    status = stream.status();
    if (status.good()) {
      format->setReadMode(ERM_autoDetect);
      format->transferInit();
      if (depth_ == ReadDepth::Keys)
        status = format->readUntilTag(stream, EXS_Unknown, EGL_noChange, kLazyValueLength, DcmTagKey(0x0028, 0x0000));
      else if (depth_ == ReadDepth::Header)
        status = format->readUntilTag(stream, EXS_Unknown, EGL_noChange, kLazyValueLength, DCM_PixelData);
      else
        status = format->read(stream, EXS_Unknown, EGL_noChange, kLazyValueLength);
      format->transferEnd();
      reached_end = stream.eos();
      stopped_at_ = static_cast<std::uint64_t>(stream.tell());
    }
    // Values are loaded only after the parse has checked every declared length against the file.
    if (status.good() && depth_ == ReadDepth::Everything) status = format->loadAllDataIntoMemory();
  } catch (const std::exception&) {
    // Absurd declared lengths can make allocations fail; that is a damaged file, not a crash.
    return fail(ProblemKind::Unreadable, ErrorCode::Corrupt, "cannot parse DICOM: out of memory while reading");
  }
  if (status.good()) {
    format_ = std::move(format);
    return;
  }
  // DCMTK reports a value running past the end of the file either as "premature end of stream"
  // or, inside a sequence, as "invalid stream" with the whole file consumed.
  const bool ran_past_end = status == EC_StreamNotifyClient || status == EC_EndOfStream || reached_end;
  if (ran_past_end && (depth_ == ReadDepth::LazyValues || depth_ == ReadDepth::Everything) &&
      failedInsidePixelData(*format)) {
    try {
      if (auto recovered = parseWithClosingDelimiter(input)) {
        format_ = std::move(recovered);
        stopped_at_ = file_size_;
        return;
      }
    } catch (const std::exception&) {
      // As below: a damaged file, reported as truncated.
    }
  }
  if (ran_past_end)
    return fail(ProblemKind::Truncated, ErrorCode::Truncated, "an element's declared length runs past the end of the file");
  if (sniff.has_preamble && sniff.meta_group_length > 0 && 144u + sniff.meta_group_length > sniff.file_size)
    return fail(ProblemKind::Truncated, ErrorCode::Truncated, "the file ends inside the file meta information");
  if (!sniff.has_preamble)
    return fail(ProblemKind::NotDicom, ErrorCode::NotDicom,
                std::string("not a DICOM file (no preamble, no parseable dataset: ") + status.text() + ")");
  return fail(ProblemKind::Unreadable, ErrorCode::Corrupt, std::string("cannot parse DICOM: ") + status.text());
}

void DicomFile::throwIfFailed() const {
  if (!ok()) throw Error(error_code_, reason_, path_.string());
}

namespace {

bool readExactly(DcmInputStream& stream, Uint8* buffer, std::size_t size) {
  std::size_t got = 0;
  while (got < size && stream.good() && !stream.eos()) {
    const offile_off_t n = stream.read(buffer + got, static_cast<offile_off_t>(size - got));
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  return got == size;
}

// Whether the bytes just before `end` are the header of (0004,1220) as `xfer` writes it: then
// readUntilTag stopped at the sequence rather than at the end of the file. Its length, if so.
std::optional<Uint32> recordSequenceLengthBefore(const InputFile& input, std::uint64_t end, bool explicit_vr) {
  const std::size_t header = explicit_vr ? 12 : 8;
  if (end < header) return std::nullopt;
  Uint8 h[12];
  if (input.read(h, header, end - header) != static_cast<long>(header)) return std::nullopt;
  if (!(h[0] == 0x04 && h[1] == 0x00 && h[2] == 0x20 && h[3] == 0x12)) return std::nullopt;
  if (explicit_vr && !(h[4] == 'S' && h[5] == 'Q')) return std::nullopt;
  return le32(h + header - 4);
}

}  // namespace

DirectoryRecordWalk forEachDirectoryRecord(const std::filesystem::path& path,
                                           const std::function<void(DcmItem& record)>& visit) {
  return forEachDirectoryRecord(path, visit, nullptr);
}

DirectoryRecordWalk forEachDirectoryRecord(const std::filesystem::path& path,
                                           const std::function<void(DcmItem& record)>& visit,
                                           const DirectoryOwnElementsVisit& visit_own_elements) {
  return forEachDirectoryRecordAt(
      path, [&visit](DcmItem& record, std::uint64_t) { visit(record); }, visit_own_elements);
}

DirectoryRecordWalk forEachDirectoryRecordAt(const std::filesystem::path& path,
                                             const std::function<void(DcmItem& record, std::uint64_t offset)>& visit,
                                             const DirectoryOwnElementsVisit& visit_own_elements) {
  ensureDcmtkReady();
  notifyObserver(path, ReadDepth::LazyValues);
  DirectoryRecordWalk walk;
  const auto failed = [&walk](std::string reason) {
    walk.ok = false;
    walk.reason = std::move(reason);
    return walk;
  };
  const InputFile input(path);
  if (!input.good()) return failed(std::string("cannot open the file: ") + std::strerror(input.openError()));
  const Sniff sniff = sniffFile(input);
  if (sniff.result != SniffResult::Dicom || !sniff.has_preamble) return failed("not a DICOM file");
  if (auto refused = refuseUnsafeStructure(input)) return failed("cannot parse DICOM: " + *refused);
  try {
    FdInputStream stream(input);
    if (stream.status().bad()) return failed(std::string("cannot read the file: ") + stream.status().text());
    DcmFileFormat head;
    head.setReadMode(ERM_autoDetect);
    head.transferInit();
    OFCondition status =
        head.readUntilTag(stream, EXS_Unknown, EGL_noChange, kLazyValueLength, DCM_DirectoryRecordSequence);
    head.transferEnd();
    if (status.bad()) return failed(std::string("cannot parse DICOM: ") + status.text());
    const E_TransferSyntax xfer = head.getDataset()->getOriginalXfer();
    const DcmXfer syntax(xfer);
    if (syntax.isBigEndian()) return failed("a DICOMDIR in big endian is not read");
    const std::uint64_t sequence_start = static_cast<std::uint64_t>(stream.tell());
    const std::optional<Uint32> sequence_length =
        recordSequenceLengthBefore(input, sequence_start, syntax.isExplicitVR());
    if (!sequence_length) {
      walk.no_record_sequence = true;
      return failed("no Directory Record Sequence");
    }
    const bool undefined_length = *sequence_length == DCM_UndefinedLength;
    for (;;) {
      const std::uint64_t at = static_cast<std::uint64_t>(stream.tell());
      if (!undefined_length && at - sequence_start >= *sequence_length) {
        if (at - sequence_start > *sequence_length) return failed("a directory record runs past its sequence");
        break;
      }
      Uint8 h[8];
      if (!readExactly(stream, h, sizeof h)) return failed("the file ends inside the Directory Record Sequence");
      const Uint32 tag = Uint32{h[0]} << 16 | Uint32{h[1]} << 24 | Uint32{h[2]} | Uint32{h[3]} << 8;
      if (tag == 0xFFFEE0DDu && undefined_length) break;
      if (tag != 0xFFFEE000u) return failed("the Directory Record Sequence holds something other than items");
      // One record at a time: parsed, shown, freed.
      DcmItem record(DcmTag(DCM_Item), le32(h + 4));
      record.transferInit();
      status = record.read(stream, xfer, EGL_noChange, kLazyValueLength);
      record.transferEnd();
      if (status.bad())
        return failed("cannot parse directory record " + std::to_string(walk.records + 1) + ": " + status.text());
      ++walk.records;
      visit(record, at);
    }
    DcmDataset rest;
    if (!stream.eos()) {  // whatever follows the sequence is parsed too, as a whole read would
      rest.transferInit();
      status = rest.read(stream, xfer, EGL_noChange, kLazyValueLength);
      rest.transferEnd();
      if (status.bad()) return failed(std::string("cannot parse DICOM after the records: ") + status.text());
    }
    if (visit_own_elements) visit_own_elements(*head.getMetaInfo(), *head.getDataset(), rest);
  } catch (const std::exception&) {
    return failed("cannot parse DICOM: out of memory while reading");
  }
  walk.ok = true;
  return walk;
}

bool parseImplicitLittleEndian(const Uint8* data, std::size_t size, DcmDataset& into) {
  DcmInputBufferStream stream;
  stream.setBuffer(data, static_cast<offile_off_t>(size));
  stream.setEos();
  into.transferInit();
  const OFCondition cond = into.read(stream, EXS_LittleEndianImplicit, EGL_noChange);
  into.transferEnd();
  return cond.good();
}

}  // namespace imaging::bridge
