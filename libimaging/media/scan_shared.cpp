#include "scan_shared.h"

#include <algorithm>
#include <thread>

#include "file_walk.h"
#include "imaging/core/error.h"
#include "imaging/core/temp_dir.h"
#include "imaging_bridge/dcmtk.h"
#include "iso_extract.h"
#include "path_resolver.h"
#include "zip_extract.h"

namespace imaging::media {

namespace fs = std::filesystem;

namespace {

fs::path folderOf(const fs::path& file) { return file.parent_path().empty() ? fs::path(".") : file.parent_path(); }

}  // namespace

std::optional<fs::path> walkedFolder(const fs::path& path, const fs::file_status& status) {
  if (fs::is_directory(status)) return path;
  if (fs::is_regular_file(status) && isDicomdirName(path.filename().string())) return folderOf(path);
  return std::nullopt;
}

ScanInput prepareScanInput(const fs::path& path, const ScanOptions& options) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) throw Error(ErrorCode::NotFound, "no such file or folder", path.string());
  ScanInput input;
  if (auto folder = walkedFolder(path, status)) {
    input.walk_root = std::move(*folder);
  } else if (!fs::is_regular_file(status)) {
    throw Error(ErrorCode::InvalidArgument, "not a file or folder", path.string());
  } else if (looksLikeZip(path)) {
    auto extraction = std::make_shared<TempDir>(options.temp_parent, "scanshare-zip-");
    input.problems = extractZip(path, extraction->path(), options.max_extracted_bytes).problems;
    input.walk_root = extraction->path();
    input.keep_alive = std::move(extraction);
  } else if (looksLikeIsoImage(path)) {  // a CD image, recognised by content, not by ".iso"
    auto extraction = std::make_shared<TempDir>(options.temp_parent, "scanshare-iso-");
    input.problems = extractIsoImage(path, extraction->path(), options.max_extracted_bytes).problems;
    input.walk_root = extraction->path();
    input.keep_alive = std::move(extraction);
  } else if (looksLikeUdfOnlyImage(path)) {
    throw Error(ErrorCode::Unsupported, "UDF-only disc image (DVD) is not supported; only ISO 9660 images are",
                path.string());
  } else {
    input.walk_root = folderOf(path);
    input.single_file = FilePath(path);
  }
  return input;
}

HeaderOutcome readScannedFile(const FilePath& file, const fs::path& root, bool collect_uids) {
  try {
    return readHeader(file, relativeTo(file, root), collect_uids);
  } catch (const std::exception&) {
    HeaderOutcome outcome;
    outcome.problem = Problem{relativeTo(file, root), ProblemKind::Unreadable, "cannot read the file"};
    return outcome;
  }
}

std::vector<Problem> ScanDicomdirs::read(const fs::path& dicomdir) {
  DicomdirContents contents = readDicomdir(dicomdir, root_, resolver_);
  used_ = used_ || contents.valid;
  identities_.push_back(std::move(contents.identity));
  return std::move(contents.problems);
}

unsigned readerThreads(const ScanOptions& options) {
  return options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
}

DcmtkRefusals::DcmtkRefusals() : at_start_(bridge::dcmtkRefusals()) {}

void DcmtkRefusals::throwIfAny() const {
  if (bridge::dcmtkRefusals() != at_start_) bridge::ensureDcmtkReady();  // throws its error again
}

}  // namespace imaging::media
