#include "ordered_dicomdir_feed.h"

#include <utility>

namespace imaging::workflow {

void OrderedDicomdirFeed::done(std::size_t position, std::optional<DicomdirEntry> entry) {
  std::lock_guard<std::mutex> lock(mutex_);
  waiting_.emplace(position, std::move(entry));
  for (auto first = waiting_.begin(); first != waiting_.end() && first->first == next_; first = waiting_.begin()) {
    std::optional<DicomdirEntry> ready = std::move(first->second);
    waiting_.erase(first);
    ++next_;
    if (ready) writer_.add(*ready);
  }
}

}  // namespace imaging::workflow
