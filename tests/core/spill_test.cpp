// The spill file gives back exactly what was appended, leaves no name in the folder and no
// plaintext on disk; the external sorter equals std::stable_sort however many runs it spills;
// SortKey's bytes order composite keys as std::tuple does.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "imaging/core/error.h"
#include "imaging/core/spill.h"
#include "imaging/core/temp_dir.h"

namespace fs = std::filesystem;
using imaging::ExternalSorter;
using imaging::SortKey;
using imaging::SpillFile;

namespace {

std::string randomBytes(std::mt19937_64& rng, std::size_t size) {
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(rng());
  return bytes;
}

std::vector<std::string> readAll(SpillFile::Reader reader) {
  std::vector<std::string> records;
  std::string record;
  while (reader.next(record)) records.push_back(record);
  return records;
}

bool folderIsEmpty(const fs::path& folder) { return fs::directory_iterator(folder) == fs::directory_iterator(); }

// The unlinked spill file's bytes, through the process's own descriptor for it.
std::string bytesOnDisk(const fs::path& folder) {
  for (const auto& fd : fs::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    const std::string target = fs::read_symlink(fd.path(), ec).string();
    if (ec || target.find(folder.string()) != 0 || target.find(".scanshare-spill") == std::string::npos ||
        target.find("(deleted)") == std::string::npos)
      continue;
    const int own = ::open(fd.path().c_str(), O_RDONLY | O_CLOEXEC);
    std::string bytes;
    char chunk[65536];
    for (ssize_t n; own >= 0 && (n = ::read(own, chunk, sizeof chunk)) > 0;) bytes.append(chunk, static_cast<std::size_t>(n));
    if (own >= 0) ::close(own);
    return bytes;
  }
  ADD_FAILURE() << "no unlinked spill file among /proc/self/fd";
  return {};
}

}  // namespace

TEST(SpillFile, RoundTripsRecordsOfRandomSizes) {
  imaging::TempDir folder;
  std::mt19937_64 rng(7);
  std::vector<std::string> records{"", randomBytes(rng, std::size_t{3} << 20), ""};
  for (int i = 0; i < 300; ++i) {
    const int kind = static_cast<int>(rng() % 10);
    const std::size_t limit = kind == 0 ? (std::size_t{3} << 20) : kind < 4 ? 70000 : 40;
    records.push_back(randomBytes(rng, rng() % (limit + 1)));
  }
  SpillFile file(folder.path(), 65536);  // small buffer: many flushes, records across them
  std::uint64_t framed = 0;
  for (const std::string& record : records) {
    EXPECT_EQ(file.append(record), framed);
    framed += 4 + record.size();
  }
  EXPECT_EQ(file.records(), records.size());
  EXPECT_EQ(file.bytes(), framed);
  EXPECT_EQ(readAll(file.reader(0, 1000)), records);  // 1000: chunks not aligned to AES blocks
  EXPECT_EQ(readAll(file.reader()), records);
}

TEST(SpillFile, ReaderStartsAtAnOffsetAppendReturned) {
  imaging::TempDir folder;
  std::mt19937_64 rng(11);
  SpillFile file(folder.path(), 4096);
  std::vector<std::string> records;
  std::vector<std::uint64_t> starts;
  for (int i = 0; i < 500; ++i) {
    records.push_back(randomBytes(rng, rng() % 300));
    starts.push_back(file.append(records.back()));
  }
  for (const std::size_t k : {std::size_t{1}, std::size_t{137}, std::size_t{499}}) {
    const std::vector<std::string> tail(records.begin() + static_cast<long>(k), records.end());
    EXPECT_EQ(readAll(file.reader(starts[k], 777)), tail) << "from record " << k;
  }
}

TEST(SpillFile, InterleavedReadersEachSeeEveryRecord) {
  imaging::TempDir folder;
  SpillFile file(folder.path(), 1024);
  for (int i = 0; i < 2000; ++i) file.append("record " + std::to_string(i));
  SpillFile::Reader first = file.reader(0, 64);
  SpillFile::Reader second = file.reader(0, 100);
  std::string a, b;
  for (int i = 0; i < 2000; ++i) {
    ASSERT_TRUE(first.next(a));
    ASSERT_TRUE(second.next(b));
    EXPECT_EQ(a, "record " + std::to_string(i));
    EXPECT_EQ(b, a);
  }
  EXPECT_FALSE(first.next(a));
  EXPECT_FALSE(second.next(b));
}

TEST(SpillFile, ReaderSeesWhatIsStillBuffered) {
  imaging::TempDir folder;
  SpillFile file(folder.path());  // 1 MiB buffer: nothing below reaches the disk by itself
  file.append("one");
  file.append("two");
  SpillFile::Reader early = file.reader();
  const std::uint64_t third = file.append("three");
  EXPECT_EQ(readAll(std::move(early)), (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(readAll(file.reader()), (std::vector<std::string>{"one", "two", "three"}));
  EXPECT_EQ(readAll(file.reader(third)), std::vector<std::string>{"three"});
}

TEST(SpillFile, LeavesNoNameInTheFolder) {
  imaging::TempDir folder;
  SpillFile file(folder.path(), 16);
  file.append(std::string(1000, 'x'));
  EXPECT_TRUE(folderIsEmpty(folder.path()));
  EXPECT_EQ(readAll(file.reader()).size(), 1u);
}

TEST(SpillFile, DiskHoldsNoPlaintext) {
  imaging::TempDir folder;
  const std::string token = "PATIENT^SECRET";
  SpillFile file(folder.path());
  for (int i = 0; i < 100; ++i) file.append("name=" + token + " #" + std::to_string(i));
  const std::vector<std::string> back = readAll(file.reader());  // reader() flushes the buffer
  ASSERT_EQ(back.size(), 100u);
  EXPECT_NE(back[42].find(token), std::string::npos);
  const std::string disk = bytesOnDisk(folder.path());
  EXPECT_EQ(disk.size(), file.bytes());
  EXPECT_EQ(disk.find(token), std::string::npos);
  EXPECT_EQ(disk.find("name="), std::string::npos);
}

TEST(SpillFile, UnusableFolderIsAnIoError) {
  imaging::TempDir folder;
  const fs::path missing = folder.path() / "missing";  // a missing folder refuses even root
  try {
    SpillFile file(missing);
    FAIL() << "made a spill file in a missing folder";
  } catch (const imaging::Error& error) {
    EXPECT_EQ(error.code(), imaging::ErrorCode::Io);
    EXPECT_EQ(error.path(), missing.string());
  }
}

namespace {

using Pair = std::pair<std::string, std::string>;

// Keys from a small set (many duplicates, some with 0 bytes); the value is the insertion index,
// so a stable order is checked along with the key order.
std::vector<Pair> randomPairs(std::size_t count, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Pair> pairs;
  for (std::size_t i = 0; i < count; ++i) {
    std::string key = std::to_string(rng() % 3000);
    if (rng() % 4 == 0) key.insert(key.begin(), '\0');
    pairs.emplace_back(key, std::to_string(i) + std::string(rng() % 48, 'v'));
  }
  return pairs;
}

std::vector<Pair> sorted(ExternalSorter& sorter) {
  std::vector<Pair> out;
  std::string key, value;
  while (sorter.next(key, value)) out.emplace_back(key, value);
  return out;
}

std::vector<Pair> stableSorted(std::vector<Pair> pairs) {
  std::stable_sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) { return a.first < b.first; });
  return pairs;
}

}  // namespace

TEST(ExternalSorter, ManyRunsMergedInPassesEqualStableSort) {
  imaging::TempDir folder;
  const std::vector<Pair> input = randomPairs(200000, 3);
  ExternalSorter sorter(folder.path(), std::size_t{64} << 10);
  for (const Pair& pair : input) sorter.add(pair.first, pair.second);
  EXPECT_EQ(sorter.size(), input.size());
  EXPECT_EQ(sorted(sorter), stableSorted(input));
  EXPECT_GT(sorter.runsSpilled(), 256u);  // more than one merge can take: a pass ran first
  EXPECT_TRUE(folderIsEmpty(folder.path()));
}

TEST(ExternalSorter, FewRunsMergedOnceEqualStableSort) {
  imaging::TempDir folder;
  const std::vector<Pair> input = randomPairs(30000, 5);
  ExternalSorter sorter(folder.path(), std::size_t{512} << 10);
  for (const Pair& pair : input) sorter.add(pair.first, pair.second);
  EXPECT_EQ(sorted(sorter), stableSorted(input));
  EXPECT_GT(sorter.runsSpilled(), 1u);
  EXPECT_LE(sorter.runsSpilled(), 256u);
}

// Reading back takes an eighth of the budget whatever the number of runs: with a buffer of up to
// 1 MiB a run, the export's series sort held more the more patients it had.
TEST(ExternalSorter, ReadBuffersStayWithinAnEighthOfTheBudget) {
  imaging::TempDir folder;
  constexpr std::size_t kBudget = std::size_t{4} << 20;
  ExternalSorter sorter(folder.path(), kBudget);
  const std::string value(200, 'v');
  for (std::size_t i = 0; i < 200000; ++i) sorter.add(std::to_string(i * 7919 % 200003), value);
  std::string key, got;
  ASSERT_TRUE(sorter.next(key, got));
  EXPECT_GE(sorter.runsSpilled(), 8u);  // each run would have had 1 MiB: 8 MiB or more
  EXPECT_GT(sorter.readBufferBytes(), 0u);
  EXPECT_LE(sorter.readBufferBytes(), kBudget / 8);
}

TEST(ExternalSorter, SortWithinBudgetNeverTouchesTheDisk) {
  imaging::TempDir folder;
  const fs::path missing = folder.path() / "missing";  // any spill file would throw here
  const std::vector<Pair> input = randomPairs(5000, 9);
  ExternalSorter sorter(missing, std::size_t{32} << 20);
  for (const Pair& pair : input) sorter.add(pair.first, pair.second);
  EXPECT_EQ(sorted(sorter), stableSorted(input));
  EXPECT_EQ(sorter.runsSpilled(), 0u);
  EXPECT_TRUE(folderIsEmpty(folder.path()));
}

TEST(ExternalSorter, EmptySorterYieldsNothing) {
  imaging::TempDir folder;
  ExternalSorter sorter(folder.path(), 1024);
  std::string key, value;
  EXPECT_FALSE(sorter.next(key, value));
  EXPECT_FALSE(sorter.next(key, value));
  EXPECT_EQ(sorter.size(), 0u);
}

TEST(ExternalSorter, AddAfterNextThrows) {
  imaging::TempDir folder;
  ExternalSorter sorter(folder.path(), 1024);
  sorter.add("b", "1");
  std::string key, value;
  ASSERT_TRUE(sorter.next(key, value));
  try {
    sorter.add("a", "2");
    FAIL() << "add after next was accepted";
  } catch (const imaging::Error& error) {
    EXPECT_EQ(error.code(), imaging::ErrorCode::Internal);
  }
}

TEST(SortKey, BytesOrderCompositeKeysAsTuples) {
  using Fields = std::tuple<std::string, std::int64_t, std::string, std::uint64_t>;
  std::mt19937_64 rng(13);
  const std::string alphabet("\0\x01" "a\xFF", 4);  // 0 and its neighbours, and the top byte
  const std::vector<std::int64_t> numbers{INT64_MIN, INT64_MIN + 1, -256, -1, 0, 1, 255, INT64_MAX};
  const std::vector<std::uint64_t> unsigneds{0, 1, 255, 256, UINT64_MAX - 1, UINT64_MAX};
  auto text = [&] {
    std::string s(rng() % 4, '\0');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    return s;
  };
  std::vector<std::pair<Fields, std::string>> samples;
  for (int i = 0; i < 3000; ++i) {
    Fields fields{text(), numbers[rng() % numbers.size()], text(), unsigneds[rng() % unsigneds.size()]};
    SortKey key;
    key.text(std::get<0>(fields)).number(std::get<1>(fields)).text(std::get<2>(fields)).unsignedNumber(std::get<3>(fields));
    samples.emplace_back(fields, key.take());
  }
  for (std::size_t i = 0; i + 1 < samples.size(); i += 1)
    for (std::size_t j = i + 1; j < std::min(samples.size(), i + 40); ++j) {
      const auto& [a, keyA] = samples[i];
      const auto& [b, keyB] = samples[j];
      ASSERT_EQ(a < b, keyA < keyB) << "samples " << i << " and " << j;
      ASSERT_EQ(b < a, keyB < keyA) << "samples " << i << " and " << j;
    }
}
