// The DICOMDIR writer's index of finished patients: every find() gives what a multimap would (all
// offsets of the hash, in increasing order) however the entries lie among the in-memory buffer
// and the run files, the run files stay logarithmic in number, never show in the folder, and
// close with the index.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

#include "finished_patient_index.h"
#include "imaging/core/error.h"

namespace fs = std::filesystem;
using imaging::FinishedPatientIndex;

namespace {

fs::path freshFolder(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("scanshare-finished-index-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::size_t openFds() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

using Reference = std::multimap<std::uint64_t, std::uint64_t>;

std::vector<std::uint64_t> expected(const Reference& ref, std::uint64_t hash) {
  std::vector<std::uint64_t> offsets;
  const auto [begin, end] = ref.equal_range(hash);
  for (auto it = begin; it != end; ++it) offsets.push_back(it->second);
  return offsets;  // in the order added: increasing
}

// find() appends: what the vector held before stays in front.
std::vector<std::uint64_t> found(const FinishedPatientIndex& index, std::uint64_t hash) {
  std::vector<std::uint64_t> offsets{0xDEADu};
  index.find(hash, offsets);
  EXPECT_EQ(offsets.front(), 0xDEADu);
  return {offsets.begin() + 1, offsets.end()};
}

std::size_t floorLog2(std::size_t n) {
  std::size_t bits = 0;
  while (n >>= 1) ++bits;
  return bits;
}

}  // namespace

TEST(FinishedPatientIndex, FindsEveryOffsetOfAHashLikeAMultimap) {
  const fs::path dir = freshFolder("multimap");
  // 1: a run file per entry; 20000: all in memory.
  for (const std::size_t memory_entries : {std::size_t{1}, std::size_t{4}, std::size_t{16}, std::size_t{20000}}) {
    SCOPED_TRACE("memory_entries " + std::to_string(memory_entries));
    std::mt19937_64 rng(20240611);
    std::vector<std::uint64_t> repeated(40);
    for (auto& h : repeated) h = rng();
    const std::uint64_t hot = repeated[7];  // ~600 times: straddles several pages of one run, and many runs
    FinishedPatientIndex index(dir, memory_entries);
    Reference ref;
    std::uint64_t offset = 0;
    for (std::size_t i = 0; i < 10000; ++i) {
      offset += 1 + rng() % 500;
      const std::uint64_t pick = rng() % 100;
      const std::uint64_t hash = pick < 6 ? hot : pick < 30 ? repeated[rng() % repeated.size()] : rng();
      index.add(hash, offset);
      ref.emplace(hash, offset);
      if (i % 997 == 0) {  // the writer looks up between adds
        ASSERT_EQ(found(index, hot), expected(ref, hot));
        ASSERT_EQ(found(index, hash), expected(ref, hash));
        ASSERT_TRUE(found(index, hash + 1).empty() || ref.count(hash + 1));
      }
    }
    ASSERT_EQ(index.size(), 10000u);
    ASSERT_GT(ref.count(hot), 300u);
    EXPECT_TRUE(fs::is_empty(dir)) << "the run files are unlinked as soon as they are made";
    std::set<std::uint64_t> hashes;
    for (const auto& [hash, at] : ref) hashes.insert(hash);
    for (const std::uint64_t hash : hashes) {
      ASSERT_EQ(found(index, hash), expected(ref, hash)) << "hash " << hash;
      // Absent hashes next to present ones: the edges of the pages they would fall in.
      for (const std::uint64_t near : {hash - 1, hash + 1})
        if (!ref.count(near)) {
          ASSERT_TRUE(found(index, near).empty()) << "hash " << near;
        }
    }
    for (std::size_t i = 0; i < 2000; ++i) {
      const std::uint64_t absent = rng();
      if (!ref.count(absent)) {
        ASSERT_TRUE(found(index, absent).empty());
      }
    }
  }
  fs::remove_all(dir);
}

TEST(FinishedPatientIndex, FindsTheSmallestAndLargestHashes) {
  const fs::path dir = freshFolder("extremes");
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  FinishedPatientIndex index(dir, 4);
  Reference ref;
  std::mt19937_64 rng(7);
  for (std::uint64_t offset = 1; offset <= 6000; ++offset) {
    // Hashes 0 and max ~1200 times each: they fill the first and the last pages of runs.
    const std::uint64_t pick = rng() % 10;
    const std::uint64_t hash = pick < 2 ? 0 : pick < 4 ? kMax : rng();
    index.add(hash, offset * 10);
    ref.emplace(hash, offset * 10);
  }
  ASSERT_GT(ref.count(0), 1000u);  // several pages of the largest run
  ASSERT_GT(ref.count(kMax), 1000u);
  EXPECT_EQ(found(index, 0), expected(ref, 0));
  EXPECT_EQ(found(index, kMax), expected(ref, kMax));
  EXPECT_TRUE(found(index, 1).empty());
  EXPECT_TRUE(found(index, kMax - 1).empty());
  fs::remove_all(dir);
}

TEST(FinishedPatientIndex, EmptyIndexFindsNothing) {
  const fs::path dir = freshFolder("empty");
  const std::size_t fds_before = openFds();
  {
    const FinishedPatientIndex index(dir);
    EXPECT_EQ(index.size(), 0u);
    EXPECT_EQ(index.runs(), 0u);
    for (const std::uint64_t hash : {std::uint64_t{0}, std::uint64_t{42}, std::numeric_limits<std::uint64_t>::max()})
      EXPECT_TRUE(found(index, hash).empty());
    EXPECT_EQ(openFds(), fds_before) << "no file until the first spill";
  }
  EXPECT_TRUE(fs::is_empty(dir));
  fs::remove_all(dir);
}

TEST(FinishedPatientIndex, RunFilesStayLogarithmicAndCloseWithTheIndex) {
  const fs::path dir = freshFolder("runs");
  const std::size_t fds_before = openFds();
  constexpr std::size_t kMemory = 4;
  {
    FinishedPatientIndex index(dir, kMemory);
    std::mt19937_64 rng(3);
    std::size_t most_runs = 0;
    for (std::uint64_t offset = 0; offset < 20000; ++offset) {
      index.add(rng() % 1000, offset);
      most_runs = std::max(most_runs, index.runs());
      // Runs spilled so far: below size() / kMemory; merged two by two, one run per bit of that.
      ASSERT_LE(index.runs(), floorLog2(index.size() / kMemory) + 1) << "after " << index.size() << " entries";
    }
    EXPECT_GE(most_runs, 10u) << "entries went to run files";
    EXPECT_EQ(openFds(), fds_before + index.runs()) << "one open file per run, none left from merges";
    EXPECT_TRUE(fs::is_empty(dir));
  }
  EXPECT_EQ(openFds(), fds_before) << "the run files close with the index";
  fs::remove_all(dir);
}

TEST(FinishedPatientIndex, ASpillThatFailsThrowsIoAndLosesNothing) {
  const fs::path dir = freshFolder("fails") / "not-yet";
  const std::size_t fds_before = openFds();
  {
    FinishedPatientIndex index(dir, 4);
    for (std::uint64_t offset = 0; offset < 4; ++offset) index.add(offset % 2, offset);
    try {
      index.add(1, 4);  // the buffer is full: its run file cannot be made in a missing folder
      FAIL() << "no error";
    } catch (const imaging::Error& e) {
      EXPECT_EQ(e.code(), imaging::ErrorCode::Io);
      EXPECT_NE(std::string(e.what()).find("cannot write the DICOMDIR"), std::string::npos) << e.what();
    }
    EXPECT_EQ(index.size(), 4u) << "the entry that failed is not added";
    EXPECT_EQ(found(index, 1), (std::vector<std::uint64_t>{1, 3}));
    fs::create_directories(dir);
    index.add(1, 5);
    EXPECT_EQ(index.runs(), 1u);
    EXPECT_EQ(found(index, 1), (std::vector<std::uint64_t>{1, 3, 5}));
    EXPECT_EQ(found(index, 0), (std::vector<std::uint64_t>{0, 2}));
  }
  EXPECT_EQ(openFds(), fds_before);
  fs::remove_all(dir.parent_path());
}
