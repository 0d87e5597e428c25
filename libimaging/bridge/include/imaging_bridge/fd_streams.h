#pragma once
// DCMTK streams over a file descriptor the caller already holds. The de-identification engine
// opens each input once and uses the same descriptor to parse the header, to check where the pixel
// data lies and to copy it; and it writes its output through a descriptor it created itself, so
// the pixel data can be appended to the same open file. DCMTK's own file streams open by name,
// which cost several opens of each file.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <dcmtk/dcmdata/dcistrma.h>
#include <dcmtk/dcmdata/dcostrma.h>

#include "imaging_bridge/dcmtk.h"

namespace imaging::bridge {

// Reads with pread(2) through a 64 KiB window, so a small header costs one system call. Values
// DCMTK defers (longer than its maxReadLength) are loaded later by name, like DcmInputFileStream.
class FdInputStream : public DcmInputStream {
 public:
  FdInputStream(int fd, std::uint64_t file_size, const std::filesystem::path& path);
  DcmInputStreamFactory* newFactory() const override;

 private:
  class Producer : public DcmProducer {
   public:
    Producer(int fd, std::uint64_t file_size) : fd_(fd), size_(file_size) {}
    OFBool good() const override { return status_.good(); }
    OFCondition status() const override { return status_; }
    OFBool eos() override { return position_ >= size_; }
    offile_off_t avail() override { return static_cast<offile_off_t>(size_ - position_); }
    offile_off_t read(void* buf, offile_off_t buflen) override;
    offile_off_t skip(offile_off_t skiplen) override;
    void putback(offile_off_t num) override;

   private:
    int fd_;
    std::uint64_t size_;
    std::uint64_t position_ = 0;
    std::vector<char> window_;
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

// Writes all of [data, data + size) to fd; returns 0 or the errno of the failure.
int writeAll(int fd, const char* data, std::size_t size);

}  // namespace imaging::bridge
