#include "dicom_load.h"


#include "dicom_sniff.h"
#include "imaging_bridge/fd_streams.h"
#include "imaging_bridge/structure_check.h"

namespace imaging::media {
namespace {

// Values longer than this are not read into memory while parsing.
constexpr Uint32 kMaxLoadedValueLength = 4096;

LoadResult failure(ProblemKind kind, std::string reason) {
  LoadResult result;
  result.problem_kind = kind;
  result.reason = std::move(reason);
  return result;
}

}  // namespace

LoadResult loadDicom(const std::filesystem::path& path) {
  bridge::ensureDcmtkReady();
  // One descriptor for the sniff, the structure check and DCMTK's parse: three opens of every
  // file on the medium were a noticeable part of a scan.
  const bridge::InputFile input(path);
  if (!input.good()) return failure(ProblemKind::Unreadable, "cannot open the file");
  const Sniff sniff = sniffDescriptor(input.fd(), input.size());
  switch (sniff.result) {
    case SniffResult::Unreadable: return failure(ProblemKind::Unreadable, "cannot read the file");
    case SniffResult::NotDicom:
      return failure(ProblemKind::NotDicom, sniff.file_size == 0 ? "not a DICOM file (empty)" : "not a DICOM file");
    case SniffResult::TruncatedPreamble: return failure(ProblemKind::Truncated, "file ends inside the DICOM preamble");
    case SniffResult::Dicom: break;
  }

  if (auto refused = bridge::refuseUnsafeStructure(input.fd(), path.string()))
    return failure(ProblemKind::Unreadable, "cannot parse DICOM: " + *refused);

  LoadResult result;
  result.file_size = sniff.file_size;
  auto file = std::make_unique<DcmFileFormat>();
  OFCondition status;
  bool reached_end = false;
  try {
    // What loadFile() does, but keeping the stream to see where parsing stopped.
    bridge::FdInputStream stream(input.fd(), input.size(), path);
    status = stream.status();
    if (status.good()) {
      file->transferInit();
      status = file->read(stream, EXS_Unknown, EGL_noChange, kMaxLoadedValueLength);
      file->transferEnd();
      reached_end = stream.eos();
    }
  } catch (const std::exception&) {
    // Absurd declared lengths can make allocations fail; that is a damaged file, not a crash.
    return failure(ProblemKind::Unreadable, "cannot parse DICOM: out of memory while reading");
  }
  if (status.good()) {
    result.file = std::move(file);
    return result;
  }
  // DCMTK reports a value running past the end of the file either as "premature end of stream"
  // or, inside a sequence, as "invalid stream" with the whole file consumed.
  if (status == EC_StreamNotifyClient || status == EC_EndOfStream || reached_end)
    return failure(ProblemKind::Truncated, "an element's declared length runs past the end of the file");
  if (sniff.has_preamble && sniff.meta_group_length > 0 && 144u + sniff.meta_group_length > sniff.file_size)
    return failure(ProblemKind::Truncated, "the file ends inside the file meta information");
  if (!sniff.has_preamble)
    return failure(ProblemKind::NotDicom, std::string("not a DICOM file (no preamble, no parseable dataset: ") +
                                              status.text() + ")");
  return failure(ProblemKind::Unreadable, std::string("cannot parse DICOM: ") + status.text());
}

}  // namespace imaging::media
