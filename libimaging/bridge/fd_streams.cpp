#include "imaging_bridge/fd_streams.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <dcmtk/dcmdata/dcistrmf.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace imaging::bridge {
namespace {

// Per-thread spare blocks for ReadWindow: a worker opens files one after another, each needing a
// few windows for a moment.
struct WindowPool {
  std::vector<char*> spare;
  ~WindowPool() {
    for (char* block : spare) delete[] block;
  }
};
thread_local WindowPool window_pool;
constexpr std::size_t kMaxSpareWindows = 8;

}  // namespace

ReadWindow::ReadWindow(std::size_t capacity) : capacity_(capacity) {
  if (capacity == kPooledCapacity && !window_pool.spare.empty()) {
    data_ = window_pool.spare.back();
    window_pool.spare.pop_back();
  } else {
    data_ = new char[capacity];
  }
}

ReadWindow::~ReadWindow() {
  if (capacity_ == kPooledCapacity && window_pool.spare.size() < kMaxSpareWindows) window_pool.spare.push_back(data_);
  else delete[] data_;
}

InputFile::InputFile(const std::filesystem::path& path)
    : path_(path), fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
  if (fd_ < 0) {
    open_error_ = errno;
    return;
  }
  struct stat st {};
  if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) {
    size_ = static_cast<std::uint64_t>(st.st_size);
    return;
  }
  open_error_ = EINVAL;
  ::close(fd_);
  fd_ = -1;
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

void InputFile::readHead() const {
  head_ = std::make_unique<ReadWindow>(ReadWindow::kPooledCapacity);
  const long got = readAt(fd_, head_->data(), std::min<std::uint64_t>(size_, head_->capacity()), 0);
  head_->resize(got > 0 ? static_cast<std::size_t>(got) : 0);
}

const char* InputFile::headBytes(std::uint64_t offset, std::size_t size) const {
  if (fd_ < 0) return nullptr;
  if (!head_) readHead();
  return offset + size <= head_->size() ? head_->data() + offset : nullptr;
}

long InputFile::read(void* buf, std::size_t size, std::uint64_t offset) const {
  if (fd_ < 0) return -1;
  if (offset >= size_) return 0;
  size = static_cast<std::size_t>(std::min<std::uint64_t>(size, size_ - offset));
  if (!head_) readHead();
  if (offset + size <= head_->size()) {
    std::memcpy(buf, head_->data() + offset, size);
    return static_cast<long>(size);
  }
  return readAt(fd_, buf, size, offset);
}

long readAt(int fd, void* buf, std::size_t size, std::uint64_t offset) {
  auto* out = static_cast<char*>(buf);
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(fd, out + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return done > 0 ? static_cast<long>(done) : -1;
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  return static_cast<long>(done);
}

int writeAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n < 0 ? errno : EIO;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return 0;
}

int writeBoth(int fd, const char* first, std::size_t first_size, const char* second, std::size_t second_size) {
  iovec parts[2] = {{const_cast<char*>(first), first_size}, {const_cast<char*>(second), second_size}};
  int index = 0;
  for (;;) {
    while (index < 2 && parts[index].iov_len == 0) ++index;  // written, or empty from the start
    if (index == 2) return 0;
    const ssize_t n = ::writev(fd, parts + index, 2 - index);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n < 0 ? errno : EIO;
    for (auto left = static_cast<std::size_t>(n); left > 0; ++index) {
      const std::size_t taken = std::min(left, parts[index].iov_len);
      parts[index].iov_base = static_cast<char*>(parts[index].iov_base) + taken;
      parts[index].iov_len -= taken;
      left -= taken;
      if (parts[index].iov_len != 0) break;  // this part is not done: the next writev resumes it
    }
  }
}

FdInputStream::FdInputStream(const InputFile& file)
    : DcmInputStream(&producer_), producer_(file), path_(file.path().string()) {}

DcmInputStreamFactory* FdInputStream::newFactory() const {
  // Like DcmInputFileStream: no factory once a (deflate) filter sits between DCMTK and the file,
  // because offsets then no longer match the file.
  if (currentProducer() != &producer_) return nullptr;
  return new DcmInputFileStreamFactory(OFFilename(path_.c_str()), tell());
}

offile_off_t FdInputStream::Producer::read(void* buf, offile_off_t buflen) {
  if (status_.bad() || buflen <= 0) return 0;
  const std::uint64_t wanted = std::min<std::uint64_t>(static_cast<std::uint64_t>(buflen), size_ - position_);
  auto* out = static_cast<char*>(buf);
  std::uint64_t done = 0;
  while (done < wanted) {
    const std::uint64_t at = position_ + done;
    const std::uint64_t window_end = window_start_ + window_.size();
    if (at >= window_start_ && at < window_end) {
      const std::uint64_t n = std::min(wanted - done, window_end - at);
      std::memcpy(out + done, window_.data() + (at - window_start_), static_cast<std::size_t>(n));
      done += n;
      continue;
    }
    const long n = file_.read(window_.data(), window_.capacity(), at);
    if (n <= 0) {  // the file shrank or cannot be read: DCMTK sees the end of the stream
      window_.clear();
      status_ = EC_InvalidStream;
      break;
    }
    window_.resize(static_cast<std::size_t>(n));
    window_start_ = at;
  }
  position_ += done;
  return static_cast<offile_off_t>(done);
}

offile_off_t FdInputStream::Producer::skip(offile_off_t skiplen) {
  if (status_.bad() || skiplen <= 0) return 0;
  const std::uint64_t n = std::min<std::uint64_t>(static_cast<std::uint64_t>(skiplen), size_ - position_);
  position_ += n;
  return static_cast<offile_off_t>(n);
}

void FdInputStream::Producer::putback(offile_off_t num) {
  if (num < 0 || static_cast<std::uint64_t>(num) > position_) {
    status_ = EC_PutbackFailed;
    return;
  }
  position_ -= static_cast<std::uint64_t>(num);
}

FdOutputStream::FdOutputStream(int fd) : DcmOutputStream(&consumer_), consumer_(fd) {}

// The base class deletes a compression filter after this consumer is gone: everything must have
// left the filter before then.
FdOutputStream::~FdOutputStream() { finish(); }

void FdOutputStream::finish() {
  // A deflate filter may need several rounds to empty itself into the consumer.
  for (int round = 0; round < 64 && good() && !isFlushed(); ++round) flush();
  consumer_.flush();
}

offile_off_t FdOutputStream::Consumer::write(const void* buf, offile_off_t buflen) {
  if (error_ != 0 || buflen <= 0) return 0;
  const auto* data = static_cast<const char*>(buf);
  const auto size = static_cast<std::size_t>(buflen);
  if (buffer_.size() + size > kBufferSize) flush();
  if (error_ != 0) return 0;
  if (size >= kBufferSize) {
    error_ = writeAll(fd_, data, size);
    if (error_ != 0) return 0;
    written_ += size;
  } else {
    buffer_.append(data, size);
  }
  return buflen;
}

void FdOutputStream::Consumer::flush() {
  if (buffer_.empty() || error_ != 0) return;
  error_ = writeAll(fd_, buffer_.data(), buffer_.size());
  if (error_ == 0) written_ += buffer_.size();
  buffer_.clear();
}

}  // namespace imaging::bridge
