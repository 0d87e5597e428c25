#pragma once
// Every DICOMDIR record's encoded bytes and its place in the tree, kept until the DICOMDIR is laid
// out. The bytes (some 300 per file, already de-identified) go to a spill file in the output
// folder once they pass a block, so that memory holds only 20 bytes per record: the file is
// unlinked as soon as it is made, never listed, and gone when the store is (even after a crash).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace imaging {

class DicomdirRecordStore {
 public:
  static constexpr std::uint32_t kNoRecord = 0xFFFFFFFF;
  struct Record {
    std::uint32_t at, size;  // where its bytes are among all records' bytes
    std::uint32_t first_child = kNoRecord, last_child = kNoRecord, next_sibling = kNoRecord;
  };

  // folder: where the spill file goes (the output being written). block_size: bytes held in
  // memory before they are spilled.
  explicit DicomdirRecordStore(std::filesystem::path folder, std::size_t block_size = std::size_t{1} << 20);
  ~DicomdirRecordStore();
  DicomdirRecordStore(const DicomdirRecordStore&) = delete;
  DicomdirRecordStore& operator=(const DicomdirRecordStore&) = delete;

  // Adds a record under parent (kNoRecord: under the root) as its last child. Throws Error(Io)
  // when the spill file cannot be written, Error(Unsupported) past 4 GiB of records.
  std::uint32_t add(std::uint32_t parent, const std::string& bytes);

  // The records in file order: each one followed by its children's subtrees.
  std::vector<std::uint32_t> fileOrder() const;

  const Record& record(std::uint32_t r) const { return records_[r]; }
  // A record's bytes. Cheapest when asked in the order added (reads the spill a block at a time).
  std::string bytes(std::uint32_t r);
  std::uint32_t rootFirst() const { return root_first_; }
  std::uint32_t rootLast() const { return root_last_; }
  std::size_t size() const { return records_.size(); }

 private:
  void spillPending();

  std::filesystem::path folder_;
  std::size_t block_size_;
  std::vector<Record> records_;
  std::uint32_t root_first_ = kNoRecord, root_last_ = kNoRecord;
  int spill_fd_ = -1;           // opened at the first spill
  std::uint64_t spilled_ = 0;   // bytes in the spill file; later ones are in pending_
  std::string pending_;
  std::string window_;          // spilled bytes read back, from window_at_
  std::uint64_t window_at_ = 0;
};

}  // namespace imaging
