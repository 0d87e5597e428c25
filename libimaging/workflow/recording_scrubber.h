#pragma once
// A text scrubber that answers as another one does and writes down every text it was asked
// about: what lets a bounded export check a file's texts against the other patients' identifiers
// one group at a time, with the scrubber's own rules, instead of holding every patient's at once
// (bounded_export.cpp).
#include <memory>
#include <mutex>
#include <string>
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

}  // namespace imaging::workflow
