#pragma once
// DCMTK streams over a file descriptor the caller already holds. The de-identification engine
// opens each input once and uses the same descriptor to parse the header, to check where the pixel
// data lies and to copy it; and it writes its output through a descriptor it created itself, so
// the pixel data can be appended to the same open file. DCMTK's own file streams open by name,
// which cost several opens of each file.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <dcmtk/dcmdata/dcistrma.h>
#include <dcmtk/dcmdata/dcostrma.h>

#include "imaging_bridge/dcmtk.h"

namespace imaging::bridge {

// A read window of fixed capacity whose bytes are not zeroed when it grows: the readers here fill
// it from a file right after, and zeroing 64 KiB per file was 5% of a scan's instructions. Blocks
// of the usual 64 KiB are reused within a thread: glibc consolidates its free lists before every
// allocation that large, and a file's open made four of them.
class ReadWindow {
 public:
  explicit ReadWindow(std::size_t capacity);
  ~ReadWindow();
  ReadWindow(const ReadWindow&) = delete;
  ReadWindow& operator=(const ReadWindow&) = delete;
  char* data() { return data_; }
  const char* data() const { return data_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::size_t capacity() const { return capacity_; }
  void clear() { size_ = 0; }
  // new_size must not exceed capacity(); new bytes are unspecified until written.
  void resize(std::size_t new_size) { size_ = new_size <= capacity_ ? new_size : capacity_; }

  static constexpr std::size_t kPooledCapacity = std::size_t{1} << 16;

 private:
  char* data_;
  std::size_t capacity_;
  std::size_t size_ = 0;
};

// A regular file opened read-only once, with its size; closed on destruction. Not good() when it
// cannot be opened or is not a regular file.
class InputFile {
 public:
  explicit InputFile(const std::filesystem::path& path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  bool good() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  std::uint64_t size() const { return size_; }
  const std::filesystem::path& path() const { return path_; }
  // errno of the failed open (0 when good).
  int openError() const { return open_error_; }
  // Reads like readAt(fd(), ...), never past size(). The file's first bytes (up to 64 KiB) are read
  // once and served from memory afterwards: the sniff, the structure guard, DCMTK's parse and the
  // pixel-data locator all start at the top of the same file, and a small file then costs one
  // system call instead of six.
  long read(void* buf, std::size_t size, std::uint64_t offset) const;
  // Where [offset, offset + size) lies within those first bytes: a pointer to them (valid while
  // this object lives); otherwise null.
  const char* headBytes(std::uint64_t offset, std::size_t size) const;

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  int open_error_ = 0;
  void readHead() const;
  mutable std::unique_ptr<ReadWindow> head_;  // the file's first bytes, once read
};

// Reads with pread(2) through a 64 KiB window, so a small header costs one system call. Values
// DCMTK defers (longer than its maxReadLength) are loaded later by name, like DcmInputFileStream.
class FdInputStream : public DcmInputStream {
 public:
  explicit FdInputStream(const InputFile& file);
  DcmInputStreamFactory* newFactory() const override;

 private:
  class Producer : public DcmProducer {
   public:
    explicit Producer(const InputFile& file) : file_(file), size_(file.size()) {}
    OFBool good() const override { return status_.good(); }
    OFCondition status() const override { return status_; }
    OFBool eos() override { return position_ >= size_; }
    offile_off_t avail() override { return static_cast<offile_off_t>(size_ - position_); }
    offile_off_t read(void* buf, offile_off_t buflen) override;
    offile_off_t skip(offile_off_t skiplen) override;
    void putback(offile_off_t num) override;

   private:
    const InputFile& file_;
    std::uint64_t size_;
    std::uint64_t position_ = 0;
    ReadWindow window_{std::size_t{1} << 16};
    std::uint64_t window_start_ = 0;
    OFCondition status_ = EC_Normal;
  };

  Producer producer_;
  std::string path_;
};

// Writes to a descriptor through a 64 KiB buffer. Unlike DcmOutputFileStream, a failed write
// (disk full) is never lost: check good() after flush().
class FdOutputStream : public DcmOutputStream {
 public:
  explicit FdOutputStream(int fd);
  ~FdOutputStream() override;

  // Pushes everything out to the descriptor, including what a compression filter (deflated
  // transfer syntax) still holds. Call it before bytesWritten() and error().
  void finish();
  // Bytes handed to the descriptor so far (after finish(): all bytes written through the stream).
  std::uint64_t bytesWritten() const { return consumer_.written(); }
  // errno of the failed write, 0 if none.
  int error() const { return consumer_.error(); }

 private:
  class Consumer : public DcmConsumer {
   public:
    explicit Consumer(int fd) : fd_(fd) { buffer_.reserve(kBufferSize); }
    OFBool good() const override { return error_ == 0; }
    OFCondition status() const override { return error_ == 0 ? EC_Normal : EC_InvalidStream; }
    OFBool isFlushed() const override { return buffer_.empty(); }
    offile_off_t avail() const override { return static_cast<offile_off_t>(1) << 30; }
    offile_off_t write(const void* buf, offile_off_t buflen) override;
    void flush() override;
    std::uint64_t written() const { return written_; }
    int error() const { return error_; }

   private:
    static constexpr std::size_t kBufferSize = std::size_t{1} << 16;
    int fd_;
    std::string buffer_;
    std::uint64_t written_ = 0;
    int error_ = 0;
  };

  Consumer consumer_;
};

// Reads up to size bytes at offset, retrying interrupted and short reads until size bytes are read
// or the file ends. Returns the bytes read, or -1 (errno set) when nothing could be read.
long readAt(int fd, void* buf, std::size_t size, std::uint64_t offset);

// Writes all of [data, data + size) to fd; returns 0 or the errno of the failure.
int writeAll(int fd, const char* data, std::size_t size);
// Two buffers one after the other (one writev, without joining them first); 0 or an errno.
int writeBoth(int fd, const char* first, std::size_t first_size, const char* second, std::size_t second_size);

}  // namespace imaging::bridge
