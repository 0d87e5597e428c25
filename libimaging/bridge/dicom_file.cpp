#include "imaging_bridge/dicom_file.h"

#include <cstring>

#include <dcmtk/dcmdata/dcistrmb.h>

#include "imaging_bridge/file_sniff.h"
#include "imaging_bridge/structure_check.h"

namespace imaging::bridge {
namespace {

// Values longer than this are left on disk while parsing (DCMTK loads them by name when asked).
constexpr Uint32 kLazyValueLength = 4096;

}  // namespace

DicomFile::DicomFile(DicomFile&&) noexcept = default;
DicomFile& DicomFile::operator=(DicomFile&&) noexcept = default;
DicomFile::~DicomFile() = default;

DicomFile DicomFile::open(const std::filesystem::path& path, ReadDepth depth) {
  ensureDcmtkReady();
  DicomFile file;
  file.path_ = path;
  file.depth_ = depth;
  auto fail = [&file](ProblemKind kind, ErrorCode code, std::string reason) {
    file.format_.reset();
    file.problem_kind_ = kind;
    file.error_code_ = code;
    file.reason_ = std::move(reason);
    return std::move(file);
  };

  // One descriptor for the sniff, the structure guard, DCMTK's parse and (engine) the pixel copy.
  file.input_ = std::make_unique<InputFile>(path);
  const InputFile& input = *file.input_;
  if (!input.good())
    return fail(ProblemKind::Unreadable, ErrorCode::Io,
                std::string("cannot open the file: ") + std::strerror(input.openError()));
  const Sniff sniff = sniffDescriptor(input.fd(), input.size());
  file.file_size_ = sniff.file_size;
  switch (sniff.result) {
    case SniffResult::Unreadable: return fail(ProblemKind::Unreadable, ErrorCode::Io, "cannot read the file");
    case SniffResult::NotDicom:
      return fail(ProblemKind::NotDicom, ErrorCode::NotDicom,
                  sniff.file_size == 0 ? "not a DICOM file (empty)" : "not a DICOM file");
    case SniffResult::TruncatedPreamble:
      return fail(ProblemKind::Truncated, ErrorCode::Truncated, "file ends inside the DICOM preamble");
    case SniffResult::Dicom: break;
  }

  if (auto refused = refuseUnsafeStructure(input.fd(), path.string()))
    return fail(ProblemKind::UnsafeStructure, ErrorCode::UnsafeStructure, "cannot parse DICOM: " + *refused);

  auto format = std::make_unique<DcmFileFormat>();
  OFCondition status;
  bool reached_end = false;
  try {
    FdInputStream stream(input.fd(), input.size(), path);
    status = stream.status();
    if (status.good()) {
      format->setReadMode(ERM_autoDetect);
      format->transferInit();
      if (depth == ReadDepth::Keys)
        status = format->readUntilTag(stream, EXS_Unknown, EGL_noChange, kLazyValueLength, DcmTagKey(0x0028, 0x0000));
      else if (depth == ReadDepth::Header)
        status = format->readUntilTag(stream, EXS_Unknown, EGL_noChange, kLazyValueLength, DCM_PixelData);
      else
        status = format->read(stream, EXS_Unknown, EGL_noChange, kLazyValueLength);
      format->transferEnd();
      reached_end = stream.eos();
      file.stopped_at_ = static_cast<std::uint64_t>(stream.tell());
    }
    // Values are loaded only after the parse has checked every declared length against the file.
    if (status.good() && depth == ReadDepth::Everything) status = format->loadAllDataIntoMemory();
  } catch (const std::exception&) {
    // Absurd declared lengths can make allocations fail; that is a damaged file, not a crash.
    return fail(ProblemKind::Unreadable, ErrorCode::Corrupt, "cannot parse DICOM: out of memory while reading");
  }
  if (status.good()) {
    file.format_ = std::move(format);
    return file;
  }
  // DCMTK reports a value running past the end of the file either as "premature end of stream"
  // or, inside a sequence, as "invalid stream" with the whole file consumed.
  if (status == EC_StreamNotifyClient || status == EC_EndOfStream || reached_end)
    return fail(ProblemKind::Truncated, ErrorCode::Truncated,
                "an element's declared length runs past the end of the file");
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
