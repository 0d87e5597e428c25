#include <algorithm>
#include <optional>
#include <queue>
#include <vector>

#include "imaging/core/error.h"
#include "imaging/core/spill.h"

namespace imaging {
namespace {

constexpr std::size_t kFanIn = 256;  // runs merged at once: bounds readers (and their buffers)
constexpr std::size_t kMinReadBuffer = std::size_t{16} << 10;
constexpr std::size_t kMaxReadBuffer = std::size_t{1} << 20;
// A merge's read buffers share an eighth of the budget, however many runs it reads: with 1 MiB a
// run they grew with the data until they took the whole budget (the bounded export's series sort,
// read during the whole export, went from 2 to 7 MiB between 20 000 and 100 000 patients: most of
// the growth per patient measured in session 14). Past budget / 8 / 16 KiB runs (64 for the
// export's 8 MiB) each run keeps the 16 KiB floor, at most kFanIn of them.
constexpr std::size_t kReadShare = 8;

struct Entry {
  std::string key;
  std::string value;
};

// A sorted run inside a SpillFile: records alternate key, value.
struct Run {
  std::uint64_t start = 0;
  std::uint64_t count = 0;  // (key, value) pairs
};

// Reads one run's pairs back in order.
class RunCursor {
 public:
  RunCursor(SpillFile& file, const Run& run, std::size_t read_buffer)
      : reader_(file.reader(run.start, read_buffer)), left_(run.count) {}

  bool advance() {
    if (left_ == 0) return false;
    --left_;
    if (!reader_.next(key) || !reader_.next(value))
      throw Error(ErrorCode::Internal, "a spilled run ended early");
    return true;
  }

  std::string key, value;

 private:
  SpillFile::Reader reader_;
  std::uint64_t left_;
};

// k-way merge of runs; equal keys come from the lower run first, and runs are in insertion order.
class Merger {
 public:
  Merger(SpillFile& file, const std::vector<Run>& runs, std::size_t memory_budget) : heap_(Later{&cursors_}) {
    buffer_ = std::clamp(memory_budget / kReadShare / std::max<std::size_t>(runs.size(), 1), kMinReadBuffer, kMaxReadBuffer);
    cursors_.reserve(runs.size());
    for (const Run& run : runs) cursors_.emplace_back(file, run, buffer_);
    for (std::size_t i = 0; i < cursors_.size(); ++i)
      if (cursors_[i].advance()) heap_.push(i);
  }
  Merger(const Merger&) = delete;  // heap_ points at cursors_
  Merger& operator=(const Merger&) = delete;

  std::size_t bufferBytes() const { return buffer_ * cursors_.size(); }

  bool next(std::string& key, std::string& value) {
    if (heap_.empty()) return false;
    const std::size_t i = heap_.top();
    heap_.pop();
    key.swap(cursors_[i].key);
    value.swap(cursors_[i].value);
    if (cursors_[i].advance()) heap_.push(i);
    return true;
  }

 private:
  struct Later {  // priority_queue keeps the greatest on top; this makes it the least
    const std::vector<RunCursor>* cursors;
    bool operator()(std::size_t a, std::size_t b) const {
      const int order = (*cursors)[a].key.compare((*cursors)[b].key);
      return order != 0 ? order > 0 : a > b;
    }
  };
  std::size_t buffer_ = 0;  // each cursor's
  std::vector<RunCursor> cursors_;
  std::priority_queue<std::size_t, std::vector<std::size_t>, Later> heap_;
};

}  // namespace

struct ExternalSorter::Impl {
  std::filesystem::path folder;
  std::size_t budget = 0;
  std::uint64_t added = 0;
  bool reading = false;

  std::vector<Entry> memory;  // the run being filled, or (nothing spilled) the whole sort
  std::size_t memory_bytes = 0;
  std::size_t memory_next = 0;

  std::unique_ptr<SpillFile> spill;  // all runs of one merge pass, one after another
  std::vector<Run> runs;
  std::size_t runs_spilled = 0;
  std::optional<Merger> merger;

  std::size_t writeBuffer() const { return std::clamp(budget / 8, kMinReadBuffer, kMaxReadBuffer); }

  void sortMemory() {
    std::stable_sort(memory.begin(), memory.end(), [](const Entry& a, const Entry& b) { return a.key < b.key; });
  }

  void spillMemory() {
    sortMemory();
    if (!spill) spill = std::make_unique<SpillFile>(folder, writeBuffer());
    Run run{spill->bytes(), memory.size()};
    for (const Entry& entry : memory) {
      spill->append(entry.key);
      spill->append(entry.value);
    }
    runs.push_back(run);
    ++runs_spilled;
    std::vector<Entry>().swap(memory);  // give the memory back, not just the elements
    memory_bytes = 0;
  }

  // Merges groups of kFanIn runs into one run each, until one merge can take them all.
  void mergePass() {
    auto next = std::make_unique<SpillFile>(folder, writeBuffer());
    std::vector<Run> merged;
    for (std::size_t first = 0; first < runs.size(); first += kFanIn) {
      const std::vector<Run> group(runs.begin() + first, runs.begin() + std::min(first + kFanIn, runs.size()));
      Merger merger(*spill, group, budget);
      Run run{next->bytes(), 0};
      std::string key, value;
      while (merger.next(key, value)) {
        next->append(key);
        next->append(value);
        ++run.count;
      }
      merged.push_back(run);
    }
    spill = std::move(next);
    runs.swap(merged);
  }

  void startReading() {
    reading = true;
    if (runs.empty()) {
      sortMemory();
      return;
    }
    if (!memory.empty()) spillMemory();
    while (runs.size() > kFanIn) mergePass();
    merger.emplace(*spill, runs, budget);
  }
};

ExternalSorter::ExternalSorter(std::filesystem::path folder, std::size_t memory_budget) : impl_(std::make_unique<Impl>()) {
  impl_->folder = std::move(folder);
  impl_->budget = memory_budget;
}

ExternalSorter::~ExternalSorter() = default;

void ExternalSorter::add(std::string_view key, std::string_view value) {
  if (impl_->reading) throw Error(ErrorCode::Internal, "ExternalSorter::add after next");
  impl_->memory.push_back(Entry{std::string(key), std::string(value)});
  impl_->memory_bytes += key.size() + value.size() + sizeof(Entry);
  ++impl_->added;
  if (impl_->memory_bytes > impl_->budget) impl_->spillMemory();
}

bool ExternalSorter::next(std::string& key, std::string& value) {
  if (!impl_->reading) impl_->startReading();
  if (impl_->merger) return impl_->merger->next(key, value);
  if (impl_->memory_next == impl_->memory.size()) return false;
  Entry& entry = impl_->memory[impl_->memory_next++];
  key.swap(entry.key);
  value.swap(entry.value);
  return true;
}

std::uint64_t ExternalSorter::size() const { return impl_->added; }
std::size_t ExternalSorter::runsSpilled() const { return impl_->runs_spilled; }
std::size_t ExternalSorter::readBufferBytes() const { return impl_->merger ? impl_->merger->bufferBytes() : 0; }

}  // namespace imaging
