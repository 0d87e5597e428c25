#include "imaging/media/scan.h"

#include <algorithm>
#include <atomic>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "dicomdir_reader.h"
#include "file_walk.h"
#include "header_reader.h"
#include "imaging/core/error.h"
#include "imaging/core/temp_dir.h"
#include "imaging/model/inventory_builder.h"
#include "imaging_bridge/dcmtk.h"
#include "iso_extract.h"
#include "path_resolver.h"
#include "zip_extract.h"

namespace imaging {
namespace {

namespace fs = std::filesystem;

struct ScanPlan {
  fs::path walk_root;               // folder all reported paths are relative to
  std::vector<FilePath> files;      // every regular file to look at
  std::vector<Problem> problems;    // from zip or ISO extraction, and from the walk
  std::shared_ptr<void> keep_alive;
};

void takeListing(ScanPlan& plan, media::FileListing listing) {
  plan.files = std::move(listing.files);
  for (Problem& p : listing.problems) plan.problems.push_back(std::move(p));
}

ScanPlan planScan(const fs::path& path, const ScanOptions& options) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) throw Error(ErrorCode::NotFound, "no such file or folder", path.string());
  ScanPlan plan;
  if (fs::is_directory(status)) {
    plan.walk_root = path;
    takeListing(plan, media::listRegularFiles(path));
  } else if (!fs::is_regular_file(status)) {
    throw Error(ErrorCode::InvalidArgument, "not a file or folder", path.string());
  } else if (media::isDicomdirName(path.filename().string())) {
    plan.walk_root = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    takeListing(plan, media::listRegularFiles(plan.walk_root));
  } else if (media::looksLikeZip(path)) {
    auto extraction = std::make_shared<TempDir>(options.temp_parent, "scanshare-zip-");
    plan.problems = media::extractZip(path, extraction->path(), options.max_extracted_bytes).problems;
    plan.walk_root = extraction->path();
    takeListing(plan, media::listRegularFiles(plan.walk_root));
    plan.keep_alive = std::move(extraction);
  } else if (media::looksLikeIsoImage(path)) {  // a CD image, recognised by content, not by ".iso"
    auto extraction = std::make_shared<TempDir>(options.temp_parent, "scanshare-iso-");
    plan.problems = media::extractIsoImage(path, extraction->path(), options.max_extracted_bytes).problems;
    plan.walk_root = extraction->path();
    takeListing(plan, media::listRegularFiles(plan.walk_root));
    plan.keep_alive = std::move(extraction);
  } else if (media::looksLikeUdfOnlyImage(path)) {
    throw Error(ErrorCode::Unsupported, "UDF-only disc image (DVD) is not supported; only ISO 9660 images are",
                path.string());
  } else {
    plan.walk_root = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    plan.files = {path};
  }
  return plan;
}

// Reads every file's header on options.threads threads. Each record goes to the builder as soon
// as it is read, at its file's position, so that no list of every file's full record is held;
// what is left of an outcome (a problem, a DICOMDIR under another name) is returned by position.
// A file's path in `files` is freed once its record holds it (each thread touches its own entries).
std::map<std::size_t, media::HeaderOutcome> readAllHeaders(std::vector<FilePath>& files, const fs::path& root,
                                                          const ScanOptions& options, InventoryBuilder& builder) {
  std::map<std::size_t, media::HeaderOutcome> leftovers;
  std::mutex leftovers_mutex;
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  auto cancelled = [&] { return options.cancel != nullptr && options.cancel->load(); };
  auto work = [&] {
    for (std::size_t i = next++; i < files.size() && !cancelled(); i = next++) {
      media::HeaderOutcome outcome;
      try {
        outcome = media::readHeader(files[i], media::relativeTo(files[i], root), options.collect_uids);
      } catch (const std::exception&) {
        outcome = {};
        outcome.problem = Problem{media::relativeTo(files[i], root), ProblemKind::Unreadable, "cannot read the file"};
      }
      if (outcome.record) {
        builder.place(i, std::move(*outcome.record));
        outcome.record.reset();
        files[i] = FilePath();  // the record holds its own copy; only a DICOMDIR's path is needed later
      }
      if (outcome.problem || outcome.is_dicomdir) {
        std::lock_guard<std::mutex> lock(leftovers_mutex);
        leftovers.emplace(i, std::move(outcome));
      }
      const std::size_t finished = ++done;
      if (options.progress) options.progress(finished, files.size());
    }
  };
  unsigned threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(files.size(), 1)));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();
  if (cancelled()) throw Error(ErrorCode::Cancelled, "scan cancelled");
  return leftovers;
}

// Of two copies of one instance the export keeps the one whose pixels can be decoded: a transfer
// syntax DCMTK 3.6.7 knows (JPEG 2000 through OpenJPEG), except video and JPIP references.
bool decodableSyntax(const std::string& uid) {
  if (uid.empty()) return true;  // no meta: DCMTK guesses the encoding
  if (DcmXfer(uid.c_str()).getXfer() == EXS_Unknown) return false;  // HTJ2K, JPEG XL, ...
  static const char* const kNotDecodable[] = {
      "1.2.840.10008.1.2.4.94",  "1.2.840.10008.1.2.4.95",  "1.2.840.10008.1.2.4.100", "1.2.840.10008.1.2.4.101",
      "1.2.840.10008.1.2.4.102", "1.2.840.10008.1.2.4.103", "1.2.840.10008.1.2.4.104", "1.2.840.10008.1.2.4.105",
      "1.2.840.10008.1.2.4.106", "1.2.840.10008.1.2.4.107", "1.2.840.10008.1.2.4.108"};
  for (const char* v : kNotDecodable)
    if (uid == v) return false;
  return true;
}

}  // namespace

Inventory scan(const fs::path& path, const ScanOptions& options) {
  // DCMTK's data dictionary (a file parse) loads in another thread while the files are listed and
  // the plain files read (our own reader needs no dictionary); a file DCMTK must parse waits for it
  // (ensureDcmtkReady runs once, whoever calls it first). Its error, if any, is thrown before the
  // scan returns. Once loaded (a second scan in the same process) no thread is started for it.
  std::future<void> dcmtk_ready;
  if (!bridge::dcmtkIsReady()) dcmtk_ready = std::async(std::launch::async, [] { bridge::ensureDcmtkReady(); });
  auto waitForDcmtk = [&dcmtk_ready] {
    if (dcmtk_ready.valid()) dcmtk_ready.get();
    else bridge::ensureDcmtkReady();
  };
  ScanPlan plan;
  try {
    plan = planScan(path, options);
  } catch (...) {
    waitForDcmtk();
    throw;
  }
  InventoryBuilder builder;
  for (auto& problem : plan.problems) builder.addProblem(std::move(problem));

  // DICOMDIRs (any depth, any case) are checked for missing files; every file is read anyway,
  // so files a DICOMDIR forgot are found and none is counted twice.
  bool used_dicomdir = false;
  media::CaseInsensitiveResolver resolver;
  std::vector<media::DicomdirIdentity> dicomdir_identities;  // added to the patients once built
  // The walk's list is moved, not copied: each path (its text and its list of components) is held
  // once while the files are read, and not at all while the inventory is built.
  const std::size_t files_scanned = plan.files.size();
  std::vector<FilePath> candidates;
  candidates.reserve(plan.files.size());
  for (FilePath& file : plan.files) {
    if (!media::isDicomdirName(file.filename().string())) {
      candidates.push_back(std::move(file));
      continue;
    }
    media::DicomdirContents contents = media::readDicomdir(file, plan.walk_root, resolver);
    used_dicomdir = used_dicomdir || contents.valid;
    for (auto& problem : contents.problems) builder.addProblem(std::move(problem));
    dicomdir_identities.push_back(std::move(contents.identity));
  }

  plan.files = std::vector<FilePath>();
  builder.reserve(candidates.size());
  std::map<std::size_t, media::HeaderOutcome> leftovers = readAllHeaders(candidates, plan.walk_root, options, builder);
  waitForDcmtk();
  for (auto& [i, outcome] : leftovers) {
    if (outcome.problem) builder.addProblem(std::move(*outcome.problem));
    if (outcome.is_dicomdir) {  // a DICOMDIR under another name ("DICOMDIR.DCM", "dicomdir-backup")
      media::DicomdirContents contents = media::readDicomdir(candidates[i], plan.walk_root, resolver);
      used_dicomdir = used_dicomdir || contents.valid;
      for (auto& problem : contents.problems) builder.addProblem(std::move(problem));
      dicomdir_identities.push_back(std::move(contents.identity));
    }
  }
  candidates = std::vector<FilePath>();
  builder.setProblemPathBase(plan.walk_root);
  builder.setDecodable(
      [](const Instance& instance) { return !instance.has_pixel_data || decodableSyntax(instance.transfer_syntax_uid); });
  Inventory inventory = builder.build(path, files_scanned, used_dicomdir);
  // A DICOMDIR's records may name a patient as no file does (a nickname, an older ID): those
  // values are the patient's too, for the scrubber, verify and the report's path check.
  media::addDicomdirIdentity(inventory, dicomdir_identities);
  inventory.files_root = plan.walk_root;
  inventory.keep_alive = std::move(plan.keep_alive);
  return inventory;
}

}  // namespace imaging
