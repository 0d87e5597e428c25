#pragma once
// Private to the bridge: a forward window over a file, for the readers that step through element
// headers (the plain reader, the DICOMDIR's plain reader): headers and the values a reader keeps
// are fetched through it, from the file's first read or a pooled block at a time; skipped values
// (pixels, blobs) are never read.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "imaging_bridge/fd_streams.h"

namespace imaging::bridge {

class FileWindow {
 public:
  explicit FileWindow(const InputFile& file) : file_(file) {
    const std::size_t head_size = static_cast<std::size_t>(std::min<std::uint64_t>(file.size(), ReadWindow::kPooledCapacity));
    head_ = file.headBytes(0, head_size);
    head_size_ = head_ != nullptr ? head_size : 0;
  }
  // The n bytes at offset (valid until the next call), or null past the end of the file.
  const unsigned char* at(std::uint64_t offset, std::size_t n) {
    if (offset + n > file_.size()) return nullptr;
    // The door's first read of the file (up to 64 KiB) holds a small file whole: no copy.
    if (offset + n <= head_size_) return reinterpret_cast<const unsigned char*>(head_) + offset;
    if (!bytes_.empty() && offset >= base_ && offset + n <= base_ + bytes_.size())
      return reinterpret_cast<const unsigned char*>(bytes_.data()) + (offset - base_);
    if (n > ReadWindow::kPooledCapacity) {  // a long value: its own buffer
      big_.resize(n);
      if (file_.read(big_.data(), n, offset) != static_cast<long>(n)) return nullptr;
      return reinterpret_cast<const unsigned char*>(big_.data());
    }
    const std::size_t want = static_cast<std::size_t>(
        std::min<std::uint64_t>(ReadWindow::kPooledCapacity, file_.size() - offset));
    const long got = file_.read(bytes_.data(), want, offset);
    if (got < 0 || static_cast<std::size_t>(got) < n) {
      bytes_.clear();
      return nullptr;
    }
    bytes_.resize(static_cast<std::size_t>(got));
    base_ = offset;
    return reinterpret_cast<const unsigned char*>(bytes_.data());
  }

  std::uint64_t size() const { return file_.size(); }
  // The file's first bytes as the door read them (null if unreadable), and whether n bytes at
  // offset lie in them: such bytes stay valid as long as the file is open.
  const char* head() const { return head_; }
  bool inHead(std::uint64_t offset, std::size_t n) const { return offset + n <= head_size_; }

 private:
  const InputFile& file_;
  const char* head_ = nullptr;  // the file's first bytes, as the door read them
  std::size_t head_size_ = 0;
  ReadWindow bytes_{ReadWindow::kPooledCapacity};
  std::string big_;
  std::uint64_t base_ = 0;
};

}  // namespace imaging::bridge
