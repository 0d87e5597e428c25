#pragma once
// A text scrubber that answers as another one does and writes down every text it was asked
// about: what lets a bounded export check a file's texts against the other patients' identifiers
// one group at a time, with the scrubber's own rules, instead of holding every patient's at once
// (bounded_export.cpp).
#include <algorithm>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "imaging/core/error.h"
#include "imaging/deid/parts.h"

namespace imaging::workflow {

struct ScrubberQuestion {
  bool number = false;  // numberHoldsIdentifier; otherwise scrub or containsIdentifier
  std::string text;
};

// Whether `scrubber` would answer `question` otherwise than a scrubber without its identifiers:
// the text holds one of them (scrub and containsIdentifier share their matching rules).
inline bool holdsIdentifier(const TextScrubber& scrubber, const ScrubberQuestion& question) {
  return question.number ? scrubber.numberHoldsIdentifier(question.text) : scrubber.containsIdentifier(question.text);
}

class RecordingScrubber : public TextScrubber {
 public:
  explicit RecordingScrubber(std::shared_ptr<const TextScrubber> inner) : inner_(std::move(inner)) {}
  void addIdentifier(const std::string&) override {
    throw Error(ErrorCode::Internal, "a recording scrubber takes no identifiers");
  }
  std::string scrub(const std::string& text) const override {
    record(false, text);
    return inner_->scrub(text);
  }
  bool containsIdentifier(const std::string& text) const override {
    record(false, text);
    return inner_->containsIdentifier(text);
  }
  bool numberHoldsIdentifier(const std::string& numbers) const override {
    record(true, numbers);
    return inner_->numberHoldsIdentifier(numbers);
  }
  std::vector<ScrubberQuestion> take() {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::move(asked_);
  }

 private:
  void record(bool number, const std::string& text) const {
    if (text.empty()) return;
    std::lock_guard<std::mutex> lock(mutex_);
    asked_.push_back({number, text});
  }
  std::shared_ptr<const TextScrubber> inner_;
  mutable std::mutex mutex_;
  mutable std::vector<ScrubberQuestion> asked_;
};

// The texts a chunk's files were asked about, each distinct one held once, and each file's as
// numbers into them. Most texts recur from file to file (a device, an institution, the patient's
// own name and ID): a list of every file's held them all again (66 a file of bench-small, about
// 15 MB for a chunk of 3 000 files and five times that for a chunk of 16 384), and each group of
// other patients is asked about each distinct text once instead of once a file.
class QuestionTable {
 public:
  // One file's questions; returns their numbers, sorted, each once (the order and the repeats of
  // a file's questions change no answer). Thread-safe.
  std::vector<std::uint32_t> add(std::vector<ScrubberQuestion> asked) {
    std::vector<std::uint32_t> ids;
    ids.reserve(asked.size());
    std::lock_guard<std::mutex> lock(mutex_);
    for (ScrubberQuestion& q : asked) {
      auto& index = index_[q.number ? 1 : 0];
      auto found = index.find(q.text);
      if (found == index.end()) {
        const auto id = static_cast<std::uint32_t>(questions_.size());
        questions_.push_back(std::move(q));
        found = index.emplace(std::string_view(questions_.back().text), id).first;
      }
      ids.push_back(found->second);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    ids.shrink_to_fit();
    return ids;
  }
  std::size_t size() const { return questions_.size(); }
  const ScrubberQuestion& operator[](std::uint32_t id) const { return questions_[id]; }

 private:
  std::mutex mutex_;
  std::deque<ScrubberQuestion> questions_;  // a deque: the index's views of its texts stay put as it grows
  std::unordered_map<std::string_view, std::uint32_t> index_[2];  // scrub/contains, number
};

}  // namespace imaging::workflow
