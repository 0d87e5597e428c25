// scanStreamed(): scan() without holding every file. The calling thread walks, reader threads
// read headers from a bounded queue, and everything read goes to the sink as it comes.
#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "bounded_queue.h"
#include "dicomdir_reader.h"
#include "file_walk.h"
#include "imaging/core/error.h"
#include "imaging/media/scan.h"
#include "path_resolver.h"
#include "scan_shared.h"

namespace imaging {
namespace {

namespace fs = std::filesystem;

// Paths waiting to be read: enough to keep the readers busy, few enough not to matter.
constexpr std::size_t kQueuedPaths = 4096;

struct QueuedFile {
  std::size_t position;  // among the files to read, in walk order
  FilePath file;
};

// The reader threads, and the one lock under which the sink is called (by them and by the walk).
class StreamReaders {
 public:
  StreamReaders(const ScanOptions& options, fs::path root, const ScanSink& sink)
      : options_(options), root_(std::move(root)), sink_(sink), queue_(kQueuedPaths) {
    const unsigned threads = media::readerThreads(options);
    for (unsigned t = 0; t < threads; ++t) threads_.emplace_back([this] { work(); });
  }
  ~StreamReaders() { stop(/*abort=*/true); }
  StreamReaders(const StreamReaders&) = delete;
  StreamReaders& operator=(const StreamReaders&) = delete;

  // Queues a file to read, at the next position; false when the readers stopped (an error).
  bool add(FilePath file) {
    const std::size_t position = listed_++;
    return queue_.push({position, std::move(file)});
  }

  void problem(Problem problem) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (sink_.problem) sink_.problem(std::move(problem));
  }

  // Waits for the files queued; throws a reader's error, or Cancelled. Returns the files found to
  // be DICOMDIRs under another name, in walk order.
  std::vector<FilePath> finish() {
    stop(/*abort=*/false);
    if (error_) std::rethrow_exception(error_);
    if (media::cancelled(options_)) throw Error(ErrorCode::Cancelled, "scan cancelled");
    std::sort(dicomdirs_.begin(), dicomdirs_.end(),
              [](const QueuedFile& a, const QueuedFile& b) { return a.position < b.position; });
    std::vector<FilePath> found;
    for (QueuedFile& d : dicomdirs_) found.push_back(std::move(d.file));
    return found;
  }

 private:
  void work() {
    while (std::optional<QueuedFile> item = queue_.pop()) {
      if (media::cancelled(options_)) break;
      try {
        media::HeaderOutcome outcome = media::readScannedFile(item->file, root_, options_.collect_uids);
        deliver(std::move(*item), std::move(outcome));
        const std::size_t finished = ++done_;
        if (options_.progress) options_.progress(finished, listed_.load());
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!error_) error_ = std::current_exception();
        break;
      }
    }
    queue_.abort();  // a no-op once drained; otherwise it stops the walk and the other readers
  }

  void deliver(QueuedFile&& item, media::HeaderOutcome&& outcome) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (outcome.record && sink_.record) sink_.record(item.position, std::move(*outcome.record));
    if (outcome.problem && sink_.problem) sink_.problem(std::move(*outcome.problem));
    if (outcome.is_dicomdir) dicomdirs_.push_back(std::move(item));  // read once every file is
  }

  void stop(bool abort) {
    if (abort) queue_.abort();
    else queue_.close();
    for (std::thread& thread : threads_)
      if (thread.joinable()) thread.join();
  }

  const ScanOptions& options_;
  const fs::path root_;
  const ScanSink& sink_;
  media::BoundedQueue<QueuedFile> queue_;
  std::atomic<std::size_t> listed_{0}, done_{0};
  std::mutex mutex_;                   // the sink, dicomdirs_, error_
  std::vector<QueuedFile> dicomdirs_;  // DICOMDIRs under another name
  std::exception_ptr error_;
  std::vector<std::thread> threads_;
};

}  // namespace

StreamedScan scanStreamed(const fs::path& path, const ScanOptions& options, const ScanSink& sink) {
  const media::DcmtkRefusals dcmtk;
  media::ScanInput input = media::prepareScanInput(path, options);
  StreamedScan result;
  result.files_root = input.walk_root;
  result.keep_alive = std::move(input.keep_alive);

  StreamReaders readers(options, input.walk_root, sink);
  for (Problem& problem : input.problems) readers.problem(std::move(problem));
  // DICOMDIR-named files take no position (scan() reads them apart); few, so their paths are kept.
  std::vector<FilePath> named_dicomdirs;
  const auto offer = [&](const fs::path& file) {
    ++result.files_scanned;
    if (media::isDicomdirName(file.filename().string())) {
      named_dicomdirs.emplace_back(file);
      return true;
    }
    return !media::cancelled(options) && readers.add(FilePath(file));
  };
  if (input.single_file) offer(input.single_file->path());
  else {
    media::WalkOptions walk;
    walk.spill_folder = options.spill_folder;
    media::walkRegularFiles(input.walk_root, offer, [&](Problem problem) { readers.problem(std::move(problem)); }, walk);
  }
  const std::vector<FilePath> other_dicomdirs = readers.finish();
  dcmtk.throwIfAny();  // a file DCMTK had to parse found no dictionary

  // Read after the files, not before as scan() does: they only add problems and identities.
  media::ScanDicomdirs dicomdirs(input.walk_root);
  const auto readDicomdirs = [&](const std::vector<FilePath>& list) {
    for (const FilePath& dicomdir : list)
      for (Problem& problem : dicomdirs.read(dicomdir)) readers.problem(std::move(problem));
  };
  readDicomdirs(named_dicomdirs);
  readDicomdirs(other_dicomdirs);
  result.used_dicomdir = dicomdirs.used();
  result.dicomdir_values = std::make_shared<media::DicomdirIdentities>(dicomdirs.takeIdentities());
  return result;
}

std::size_t countFilesUpTo(const fs::path& path, std::size_t limit) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return 0;  // nothing to count (scanning it throws NotFound)
  const std::optional<fs::path> folder = media::walkedFolder(path, status);
  if (!folder) return 1;
  std::size_t count = 0;
  if (limit == 0) return count;
  // The listing's file type (d_type) answers without a stat except for links and unknown types;
  // links to folders are not followed, so no loop can keep it going.
  for (fs::recursive_directory_iterator it(*folder, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_regular_file(type_ec) && ++count >= limit) break;
  }
  return count;
}

}  // namespace imaging
