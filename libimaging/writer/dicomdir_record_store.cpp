#include "dicomdir_record_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "imaging/core/error.h"
#include "imaging/writer/write_failure.h"

namespace fs = std::filesystem;

namespace imaging {
namespace {

Error spillFailed(const fs::path& folder, int err) {
  const std::string no_room = noRoomReason(folder, err);
  return Error(ErrorCode::Io, "cannot write the DICOMDIR: " + (no_room.empty() ? std::string(std::strerror(err)) : no_room),
               folder.string());
}

}  // namespace

DicomdirRecordStore::DicomdirRecordStore(fs::path folder, std::size_t block_size)
    : folder_(std::move(folder)), block_size_(std::max<std::size_t>(block_size, 1)) {}

DicomdirRecordStore::~DicomdirRecordStore() {
  if (spill_fd_ >= 0) ::close(spill_fd_);
}

std::uint32_t DicomdirRecordStore::add(std::uint32_t parent, const std::string& bytes) {
  const std::uint64_t at = spilled_ + pending_.size();
  // A DICOMDIR's offsets are 32-bit: records past 4 GiB could never be written.
  if (at + bytes.size() > 0xFFFFFFFFu)
    throw Error(ErrorCode::Unsupported, "the DICOMDIR would exceed 4 GiB", folder_.string());
  const auto index = static_cast<std::uint32_t>(records_.size());
  records_.push_back({static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(bytes.size())});
  pending_ += bytes;
  std::uint32_t& first = parent == kNoRecord ? root_first_ : records_[parent].first_child;
  std::uint32_t& last = parent == kNoRecord ? root_last_ : records_[parent].last_child;
  if (last != kNoRecord) records_[last].next_sibling = index;
  else first = index;
  last = index;
  if (pending_.size() >= block_size_) spillPending();
  return index;
}

void DicomdirRecordStore::spillPending() {
  if (spill_fd_ < 0) {
    std::string name = (folder_ / ".scanshare-dicomdir-records-XXXXXX").string();
    spill_fd_ = ::mkostemp(name.data(), O_CLOEXEC);
    if (spill_fd_ < 0) throw spillFailed(folder_, errno);
    ::unlink(name.c_str());  // open, it stays readable; no listing of the output ever sees it
  }
  for (std::size_t done = 0; done < pending_.size();) {
    const ssize_t n = ::pwrite(spill_fd_, pending_.data() + done, pending_.size() - done,
                               static_cast<off_t>(spilled_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw spillFailed(folder_, n < 0 ? errno : ENOSPC);
    done += static_cast<std::size_t>(n);
  }
  spilled_ += pending_.size();
  pending_.clear();
}

std::vector<std::uint32_t> DicomdirRecordStore::fileOrder() const {
  std::vector<std::uint32_t> order;
  order.reserve(records_.size());
  std::vector<std::uint32_t> pending;  // next siblings still to visit, innermost last
  for (std::uint32_t r = root_first_; r != kNoRecord || !pending.empty();) {
    if (r == kNoRecord) {
      r = pending.back();
      pending.pop_back();
      continue;
    }
    order.push_back(r);
    if (records_[r].first_child != kNoRecord) {
      if (records_[r].next_sibling != kNoRecord) pending.push_back(records_[r].next_sibling);
      r = records_[r].first_child;
    } else {
      r = records_[r].next_sibling;
    }
  }
  return order;
}

std::string DicomdirRecordStore::bytes(std::uint32_t r) {
  const Record& rec = records_[r];
  if (rec.at >= spilled_) return pending_.substr(rec.at - spilled_, rec.size);
  // Records are mostly asked for in the order added: one read fills a block's worth.
  if (rec.at < window_at_ || rec.at + rec.size > window_at_ + window_.size()) {
    window_at_ = rec.at;
    window_.resize(static_cast<std::size_t>(std::min<std::uint64_t>(std::max<std::size_t>(block_size_, rec.size), spilled_ - rec.at)));
    for (std::size_t done = 0; done < window_.size();) {
      const ssize_t n = ::pread(spill_fd_, &window_[done], window_.size() - done, static_cast<off_t>(window_at_ + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw Error(ErrorCode::Io, std::string("cannot read back the DICOMDIR's records: ") + std::strerror(n < 0 ? errno : EIO),
                              folder_.string());
      done += static_cast<std::size_t>(n);
    }
  }
  return window_.substr(static_cast<std::size_t>(rec.at - window_at_), rec.size);
}

}  // namespace imaging
