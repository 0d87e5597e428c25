#pragma once
// Atomic output: everything is written into a staging folder beside the target (same file system)
// and renamed into place at the end. Until commit() nothing exists at the target; if the object is
// destroyed without commit (failure, cancel, exception) the staging folder is removed.
#include <cstdint>
#include <filesystem>
#include <thread>

namespace imaging {

enum class OutputKind { Folder, Zip };

// Throws Error when target cannot be written: OutputNotEmpty when it exists and is not an empty
// folder (a zip target must not exist at all), InvalidArgument when target is inside input, input
// is inside target, or the parent folder does not exist or is not writable.
void checkOutputTarget(const std::filesystem::path& target, const std::filesystem::path& input,
                       OutputKind kind);

class AtomicOutput {
 public:
  // Checks the target (see checkOutputTarget) and creates the staging folder. flush_to_disk false
  // skips every flush (faster; the rename is still the last step, so a crash of the program never
  // leaves a partial OUT, but a power failure soon after may).
  AtomicOutput(std::filesystem::path target, const std::filesystem::path& input, OutputKind kind,
               bool flush_to_disk = true);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  // Where the medium's tree is written (DICOM/..., DICOMDIR).
  const std::filesystem::path& staging() const noexcept { return staging_; }
  const std::filesystem::path& target() const noexcept { return target_; }

  // Flushes every file and folder to disk (one syncfs(2) of the staging folder's file system, then
  // the rename, then an fsync of the parent folder) and moves the result into place: the staging folder
  // itself (Folder) or a zip made from it (Zip). Throws Error(Io) on failure; then nothing is at
  // the target and the staging folder is still removed by the destructor.
  void commit();

  // Called (from any thread) for each finished file under staging(): starts its write-back now,
  // so that the one flush in commit() finds little left to do. size: the bytes the caller wrote,
  // when it knows them (saves a stat of small files, which are left to the flush). Never throws.
  void fileWritten(const std::filesystem::path& file, std::uint64_t size = 0) noexcept;
  // Starts writing everything staged so far back to disk on another thread (does not wait), so that
  // the disk works while the caller still computes (the DICOMDIR, the reports); commit() waits for it
  // and still makes its own complete flush. Folder outputs with flushing only; never throws.
  void startFlush() noexcept;
  // Whether commit()'s flush also puts `file` on disk: a folder output flushes its whole
  // filesystem (syncfs), so a file written there before commit() needs no fsync of its own.
  bool flushCovers(const std::filesystem::path& file) const;
  bool committed() const noexcept { return committed_; }

  // Takes a committed result back (when what belongs with it, the report, could not be put in
  // place): the target is moved away and removed (an empty folder that was there is left empty).
  // Does nothing before commit(). Never throws.
  void withdraw() noexcept;

 private:
  std::filesystem::path target_;
  std::filesystem::path staging_;
  std::filesystem::path zip_temp_;
  OutputKind kind_;
  bool flush_to_disk_ = true;
  bool committed_ = false;
  bool target_was_empty_folder_ = false;
  std::thread early_flush_;
};

// Asks the kernel to start writing a finished file of 256 KiB or more back now (does not wait), so
// that the final flush in commit() finds little left to do; smaller files are left to that flush,
// which batches them better. Never throws.
// size: the file's size when the caller knows it (0: looked up).
void startWriteback(const std::filesystem::path& file, std::uint64_t size = 0) noexcept;

// fsync of every regular file and folder under root (and root itself). Throws Error(Io).
void syncTree(const std::filesystem::path& root);

}  // namespace imaging
