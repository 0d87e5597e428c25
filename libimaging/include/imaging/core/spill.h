#pragma once
// Records that need not stay in memory, on disk: what lets an export of any size run in bounded
// memory (docs/benchmarks.md, "bounded memory"). The file is made in a folder the caller chooses
// (the output's, so that the records land on the disk the export goes to and never on a tmpfs),
// unlinked as soon as it is made (no listing ever sees it; it is gone when the object is, or when
// the process ends however it ends), and encrypted with AES-256-CTR under a key made for that file
// alone and held only in memory: what a scan spills is identifying (names, paths), and a disk
// read after a crash must not give it back.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace imaging {

// An append-only sequence of byte records. Not thread-safe: one writer; readers after writing.
class SpillFile {
 public:
  // buffer_bytes: what is held in memory before it is written out. Throws Error(Io) (naming the
  // folder and the reason) when the file cannot be made.
  explicit SpillFile(const std::filesystem::path& folder, std::size_t buffer_bytes = std::size_t{1} << 20);
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  // Appends one record (any bytes, any length up to 4 GiB). Returns where it starts, for reader().
  // Throws Error(Io) when the disk refuses it (the reason says so: "no space left on the device").
  std::uint64_t append(std::string_view record);
  std::uint64_t records() const { return records_; }
  // Bytes written so far (records and their framing), on disk or still buffered.
  std::uint64_t bytes() const;

  // Reads records in the order appended, from a start append() returned (0: the first). Any number
  // of readers may be open at once, also while appending continues (they see what was appended
  // before they were made). Each holds a read buffer of read_buffer_bytes.
  class Reader {
   public:
    Reader(Reader&&) noexcept;
    Reader& operator=(Reader&&) noexcept;
    ~Reader();
    // The next record, or false at the end. Throws Error(Io) when the file cannot be read back.
    bool next(std::string& record);

   private:
    friend class SpillFile;
    struct State;
    explicit Reader(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
  };
  Reader reader(std::uint64_t from = 0, std::size_t read_buffer_bytes = std::size_t{256} << 10);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::uint64_t records_ = 0;
};

// Sorts (key, value) records by key, bytewise, records of equal keys in the order added, in
// bounded memory: up to memory_budget bytes are sorted in memory; past that, each sorted run goes
// to a SpillFile in `folder` and the runs are merged when read. A sort that fits in the budget
// never touches the disk. Not thread-safe: the caller serializes add().
class ExternalSorter {
 public:
  explicit ExternalSorter(std::filesystem::path folder, std::size_t memory_budget = std::size_t{32} << 20);
  ~ExternalSorter();
  ExternalSorter(const ExternalSorter&) = delete;
  ExternalSorter& operator=(const ExternalSorter&) = delete;

  void add(std::string_view key, std::string_view value);
  // After the last add(): the records in order, one per call; false once all were given. The
  // first call ends the adding (add() after it throws Error(Internal)).
  bool next(std::string& key, std::string& value);
  std::uint64_t size() const;   // records added
  std::size_t runsSpilled() const;  // 0 when everything stayed in memory
  // The read buffers held while spilled runs are read back: an eighth of the budget, whatever the
  // number of runs (each run at least 16 KiB).
  std::size_t readBufferBytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Builds a sort key whose bytewise order is the order of its fields, field by field (a text that
// is a prefix of another sorts first, as std::string compares).
class SortKey {
 public:
  SortKey& text(std::string_view value);
  SortKey& number(std::int64_t value);
  SortKey& unsignedNumber(std::uint64_t value);
  const std::string& bytes() const { return bytes_; }
  std::string take() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

}  // namespace imaging
