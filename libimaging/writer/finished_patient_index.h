#pragma once
// Where each finished patient's node lies in the DICOMDIR writer's spill, by the hash of the
// patient's key, in memory that does not grow with the number of patients: an archive of any
// size must export in bounded memory. The newest entries stay in memory; the rest go to sorted
// run files in the output folder (unlinked as soon as they are made), merged two by two so that
// there are only about log2(entries / memory_entries) + 1 of them. Memory: some 24 bytes per
// entry of memory_entries (1.5 MiB by default; 1 MiB more while they are sorted into a run,
// 192 KiB while two runs merge) and 8 bytes per 256 entries on disk (each page's first hash).
// Entries are hashes of de-identified keys and spill offsets: nothing to encrypt.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <vector>

namespace imaging {

class FinishedPatientIndex {
 public:
  // folder: where the run files are made (the output being written). memory_entries: entries
  // held in memory before they go to a run file.
  explicit FinishedPatientIndex(std::filesystem::path folder, std::size_t memory_entries = 65536);
  ~FinishedPatientIndex();
  FinishedPatientIndex(const FinishedPatientIndex&) = delete;
  FinishedPatientIndex& operator=(const FinishedPatientIndex&) = delete;

  // offset: larger than every offset added before. A hash may be added any number of times (a
  // patient spilled again, or keys whose hashes collide). Throws Error(Io) when a run file cannot
  // be made or written: that entry is then not added, and those before it stay found.
  void add(std::uint64_t hash, std::uint64_t offset);

  // Appends to offsets every offset added with hash, in increasing order: the caller compares the
  // key at each and takes the last that matches. Throws Error(Io) when a run cannot be read.
  void find(std::uint64_t hash, std::vector<std::uint64_t>& offsets) const;

  std::size_t size() const { return size_; }
  // Run files open now (for tests: they must stay about log2(size() / memory_entries) + 1).
  std::size_t runs() const { return runs_.size(); }

 private:
  struct Entry {
    std::uint64_t hash, offset;
  };
  // An open file descriptor, closed when it goes (also when an exception unwinds).
  class Fd {
   public:
    explicit Fd(int fd = -1) noexcept : fd_(fd) {}
    Fd(Fd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    Fd& operator=(Fd&& other) noexcept;
    ~Fd();
    int get() const noexcept { return fd_; }

   private:
    int fd_;
  };
  // A run file: entries sorted by (hash, offset), 16 bytes each, little-endian.
  struct Run {
    Fd fd;
    unsigned level = 0;                 // it holds 2^level runs of memory_entries entries
    std::uint64_t entries = 0;
    std::vector<std::uint64_t> fences;  // the first hash of each page
  };
  class RunWriter;
  class RunReader;

  void spillBuffer();
  Run merge(const Run& older, const Run& newer) const;
  std::size_t bucket(std::uint64_t hash) const;

  std::filesystem::path folder_;
  std::size_t memory_entries_;
  std::size_t size_ = 0;
  std::vector<Entry> buffer_;          // the entries not in a run yet, in the order added
  // buffer_'s entries chained by bucket of their hash, newest first: 1 + index into buffer_, 0 ends.
  std::vector<std::uint32_t> heads_, chain_;
  unsigned bucket_bits_;
  std::vector<Run> runs_;              // oldest first; levels strictly decrease
};

}  // namespace imaging
