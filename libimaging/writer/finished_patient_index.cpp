#include "finished_patient_index.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <tuple>

#include "imaging/core/error.h"
#include "imaging/writer/write_failure.h"

namespace fs = std::filesystem;

namespace imaging {
namespace {

constexpr std::size_t kEntryBytes = 16;
constexpr std::size_t kPageEntries = 256;   // a 4 KiB page: one fence each
constexpr std::size_t kBufferEntries = 4096;  // 64 KiB read or written at once while merging

Error writeFailed(const fs::path& folder, int err) {
  const std::string no_room = noRoomReason(folder, err);
  return Error(ErrorCode::Io, "cannot write the DICOMDIR: " + (no_room.empty() ? std::string(std::strerror(err)) : no_room),
               folder.string());
}

void readAt(int fd, unsigned char* into, std::size_t size, std::uint64_t at, const fs::path& folder) {
  for (std::size_t done = 0; done < size;) {
    const ssize_t n = ::pread(fd, into + done, size - done, static_cast<off_t>(at + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw Error(ErrorCode::Io, std::string("cannot read back the DICOMDIR's patient index: ") + std::strerror(n < 0 ? errno : EIO),
                  folder.string());
    done += static_cast<std::size_t>(n);
  }
}

void putLe(unsigned char* p, std::uint64_t v) {
  for (std::size_t i = 0; i < 8; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}

std::uint64_t getLe(const unsigned char* p) {
  std::uint64_t v = 0;
  for (std::size_t i = 8; i-- > 0;) v = v << 8 | p[i];
  return v;
}

}  // namespace

FinishedPatientIndex::Fd& FinishedPatientIndex::Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

FinishedPatientIndex::Fd::~Fd() {
  if (fd_ >= 0) ::close(fd_);
}

// Makes a run file and fills it in order, 64 KiB at a time, noting the fences as it goes.
class FinishedPatientIndex::RunWriter {
 public:
  RunWriter(const fs::path& folder, unsigned level) : folder_(folder) {
    std::string name = (folder / ".scanshare-dicomdir-index-XXXXXX").string();
    const int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) throw writeFailed(folder, errno);
    run_.fd = Fd(fd);
    ::unlink(name.c_str());  // open, it stays readable; no listing of the output ever sees it
    run_.level = level;
    bytes_.reserve(kBufferEntries * kEntryBytes);
  }

  void put(const Entry& e) {
    if (run_.entries % kPageEntries == 0) run_.fences.push_back(e.hash);
    ++run_.entries;
    bytes_.resize(bytes_.size() + kEntryBytes);
    putLe(&bytes_[bytes_.size() - kEntryBytes], e.hash);
    putLe(&bytes_[bytes_.size() - 8], e.offset);
    if (bytes_.size() >= kBufferEntries * kEntryBytes) flush();
  }

  Run finish() {
    flush();
    return std::move(run_);
  }

 private:
  void flush() {
    for (std::size_t done = 0; done < bytes_.size();) {
      const ssize_t n = ::pwrite(run_.fd.get(), bytes_.data() + done, bytes_.size() - done, static_cast<off_t>(written_ + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw writeFailed(folder_, n < 0 ? errno : ENOSPC);
      done += static_cast<std::size_t>(n);
    }
    written_ += bytes_.size();
    bytes_.clear();
  }

  const fs::path& folder_;
  Run run_;
  std::uint64_t written_ = 0;
  std::vector<unsigned char> bytes_;
};

// Reads a run's entries in order, 64 KiB at a time.
class FinishedPatientIndex::RunReader {
 public:
  RunReader(const Run& run, const fs::path& folder) : run_(run), folder_(folder), bytes_(kBufferEntries * kEntryBytes) {}

  bool next(Entry& e) {
    if (at_ == held_) {
      const std::size_t count = static_cast<std::size_t>(std::min<std::uint64_t>(kBufferEntries, run_.entries - read_));
      if (count == 0) return false;
      readAt(run_.fd.get(), bytes_.data(), count * kEntryBytes, read_ * kEntryBytes, folder_);
      read_ += count;
      held_ = count;
      at_ = 0;
    }
    const unsigned char* p = &bytes_[at_++ * kEntryBytes];
    e = {getLe(p), getLe(p + 8)};
    return true;
  }

 private:
  const Run& run_;
  const fs::path& folder_;
  std::vector<unsigned char> bytes_;
  std::uint64_t read_ = 0;          // entries read from the file
  std::size_t held_ = 0, at_ = 0;   // entries in bytes_, and the next one to give
};

FinishedPatientIndex::FinishedPatientIndex(fs::path folder, std::size_t memory_entries)
    : folder_(std::move(folder)), memory_entries_(std::clamp<std::size_t>(memory_entries, 1, std::size_t{1} << 30)) {
  bucket_bits_ = 1;  // at least 1: bucket() shifts by 64 - bits
  while ((std::size_t{1} << bucket_bits_) < memory_entries_) ++bucket_bits_;
}

FinishedPatientIndex::~FinishedPatientIndex() = default;  // each run's Fd closes its file

std::size_t FinishedPatientIndex::bucket(std::uint64_t hash) const {
  // Fibonacci hashing: spreads hashes that differ only in their high bits (or are not hashes).
  return static_cast<std::size_t>((hash * 0x9E3779B97F4A7C15ull) >> (64 - bucket_bits_));
}

void FinishedPatientIndex::add(std::uint64_t hash, std::uint64_t offset) {
  // Spilled before the entry goes in, so that when it throws this entry is simply not added.
  if (buffer_.size() >= memory_entries_) spillBuffer();
  if (heads_.empty()) heads_.assign(std::size_t{1} << bucket_bits_, 0);  // nothing held until used
  const std::size_t b = bucket(hash);
  buffer_.push_back({hash, offset});
  chain_.push_back(heads_[b]);
  heads_[b] = static_cast<std::uint32_t>(buffer_.size());
  ++size_;
}

void FinishedPatientIndex::spillBuffer() {
  // Sorted as a copy: should writing fail, buffer_ and its chains still find every entry.
  std::vector<Entry> sorted(buffer_);
  std::sort(sorted.begin(), sorted.end(),
            [](const Entry& a, const Entry& b) { return std::tie(a.hash, a.offset) < std::tie(b.hash, b.offset); });
  RunWriter out(folder_, 0);
  for (const Entry& e : sorted) out.put(e);
  runs_.push_back(out.finish());
  buffer_.clear();
  chain_.clear();
  std::fill(heads_.begin(), heads_.end(), 0);
  // A binary counter: two runs of a level make one of the next, so there are at most
  // log2(runs spilled) + 1 runs and each entry is rewritten log2 times in all.
  while (runs_.size() >= 2 && runs_[runs_.size() - 1].level == runs_[runs_.size() - 2].level) {
    Run merged = merge(runs_[runs_.size() - 2], runs_.back());
    runs_.pop_back();
    runs_.back() = std::move(merged);
  }
}

FinishedPatientIndex::Run FinishedPatientIndex::merge(const Run& older, const Run& newer) const {
  RunReader a(older, folder_), b(newer, folder_);
  RunWriter out(folder_, older.level + 1);
  Entry ea{}, eb{};
  bool has_a = a.next(ea), has_b = b.next(eb);
  while (has_a || has_b) {
    if (has_a && (!has_b || std::tie(ea.hash, ea.offset) <= std::tie(eb.hash, eb.offset))) {
      out.put(ea);
      has_a = a.next(ea);
    } else {
      out.put(eb);
      has_b = b.next(eb);
    }
  }
  return out.finish();
}

void FinishedPatientIndex::find(std::uint64_t hash, std::vector<std::uint64_t>& offsets) const {
  const std::size_t first_found = offsets.size();
  unsigned char page[kPageEntries * kEntryBytes];
  for (const Run& run : runs_) {
    // Pages that may hold hash: the one before the first page starting at hash or later (it may
    // end with hash), through the last page starting at hash (entries equal to hash may straddle
    // many pages). A page starting past hash holds only larger hashes.
    const auto low = std::lower_bound(run.fences.begin(), run.fences.end(), hash);
    const auto high = std::upper_bound(low, run.fences.end(), hash);
    const std::size_t end = static_cast<std::size_t>(high - run.fences.begin());
    for (std::size_t p = low == run.fences.begin() ? 0 : static_cast<std::size_t>(low - run.fences.begin()) - 1; p < end; ++p) {
      const std::size_t count = static_cast<std::size_t>(std::min<std::uint64_t>(kPageEntries, run.entries - p * kPageEntries));
      readAt(run.fd.get(), page, count * kEntryBytes, p * kPageEntries * kEntryBytes, folder_);
      for (std::size_t i = 0; i < count; ++i)
        if (getLe(page + i * kEntryBytes) == hash) offsets.push_back(getLe(page + i * kEntryBytes + 8));
    }
  }
  if (!heads_.empty())
    for (std::uint32_t i = heads_[bucket(hash)]; i != 0; i = chain_[i - 1])
      if (buffer_[i - 1].hash == hash) offsets.push_back(buffer_[i - 1].offset);
  std::sort(offsets.begin() + static_cast<std::ptrdiff_t>(first_found), offsets.end());
}

}  // namespace imaging
