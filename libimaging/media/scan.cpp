#include "imaging/media/scan.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "imaging/media/decodable.h"
#include "file_walk.h"
#include "header_reader.h"
#include "imaging/core/error.h"
#include "imaging/model/inventory_builder.h"
#include "path_resolver.h"
#include "scan_shared.h"

namespace imaging {
namespace {

namespace fs = std::filesystem;

struct ScanPlan {
  fs::path walk_root;               // folder all reported paths are relative to
  std::vector<FilePath> files;      // every regular file to look at
  std::vector<Problem> problems;    // from zip or ISO extraction, and from the walk
  std::shared_ptr<void> keep_alive;
};

ScanPlan planScan(const fs::path& path, const ScanOptions& options) {
  media::ScanInput input = media::prepareScanInput(path, options);
  ScanPlan plan;
  plan.walk_root = std::move(input.walk_root);
  plan.problems = std::move(input.problems);
  plan.keep_alive = std::move(input.keep_alive);
  if (input.single_file) {
    plan.files = {std::move(*input.single_file)};
    return plan;
  }
  media::FileListing listing = media::listRegularFiles(plan.walk_root);
  plan.files = std::move(listing.files);
  for (Problem& p : listing.problems) plan.problems.push_back(std::move(p));
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
  auto cancelled = [&] { return media::cancelled(options); };
  auto work = [&] {
    for (std::size_t i = next++; i < files.size() && !cancelled(); i = next++) {
      media::HeaderOutcome outcome = media::readScannedFile(files[i], root, options.collect_uids);
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
  const unsigned threads =
      static_cast<unsigned>(std::min<std::size_t>(media::readerThreads(options), std::max<std::size_t>(files.size(), 1)));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();
  if (cancelled()) throw Error(ErrorCode::Cancelled, "scan cancelled");
  return leftovers;
}

}  // namespace

Inventory scan(const fs::path& path, const ScanOptions& options) {
  const media::DcmtkRefusals dcmtk;
  ScanPlan plan = planScan(path, options);
  InventoryBuilder builder;
  for (auto& problem : plan.problems) builder.addProblem(std::move(problem));

  // DICOMDIRs (any depth, any case) are checked for missing files; every file is read anyway,
  // so files a DICOMDIR forgot are found and none is counted twice.
  media::ScanDicomdirs dicomdirs(plan.walk_root);
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
    for (auto& problem : dicomdirs.read(file)) builder.addProblem(std::move(problem));
  }

  plan.files = std::vector<FilePath>();
  builder.reserve(candidates.size());
  std::map<std::size_t, media::HeaderOutcome> leftovers = readAllHeaders(candidates, plan.walk_root, options, builder);
  dcmtk.throwIfAny();  // a file DCMTK had to parse found no dictionary
  for (auto& [i, outcome] : leftovers) {
    if (outcome.problem) builder.addProblem(std::move(*outcome.problem));
    if (outcome.is_dicomdir)  // a DICOMDIR under another name ("DICOMDIR.DCM", "dicomdir-backup")
      for (auto& problem : dicomdirs.read(candidates[i])) builder.addProblem(std::move(problem));
  }
  candidates = std::vector<FilePath>();
  builder.setProblemPathBase(plan.walk_root);
  // Of two copies of one instance the export keeps the one whose pixels can be decoded.
  builder.setDecodable(media::decodableHere);
  Inventory inventory = builder.build(path, files_scanned, dicomdirs.used());
  // A DICOMDIR's records may name a patient as no file does (a nickname, an older ID): those
  // values are the patient's too, for the scrubber, verify and the report's path check.
  media::addDicomdirIdentity(inventory, dicomdirs.takeIdentities());
  inventory.files_root = plan.walk_root;
  inventory.keep_alive = std::move(plan.keep_alive);
  return inventory;
}

}  // namespace imaging
