// The export's workers keep to different output folders where they can (folder_schedule.h), hand
// out every file once, and never run further ahead of the earliest unfinished file than allowed.
#include "folder_schedule.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <chrono>
#include <random>
#include <vector>

namespace {

using imaging::workflow::FolderSchedule;

TEST(FolderSchedule, TwoWorkersStartInDifferentFolders) {
  FolderSchedule schedule({0, 200, 400}, 600, 1000);
  std::size_t a = FolderSchedule::kNoRun, b = FolderSchedule::kNoRun;
  EXPECT_EQ(schedule.next(&a), 0u);
  EXPECT_EQ(schedule.next(&b), 200u);  // the second folder, not item 1 of the first
  EXPECT_EQ(schedule.next(&a), 1u);
  EXPECT_EQ(schedule.next(&b), 201u);
}

TEST(FolderSchedule, AWorkerDoesNotRunFurtherAheadThanAllowed) {
  // The second folder starts 100 files after the earliest unfinished one: more than 10 ahead, so
  // the second worker shares the first folder until little of it is left.
  FolderSchedule schedule({0, 100}, 200, 10);
  std::size_t a = FolderSchedule::kNoRun, b = FolderSchedule::kNoRun;
  std::vector<std::size_t> order;
  for (int k = 0; k < 200; ++k) order.push_back(schedule.next(k % 2 == 0 ? &a : &b));
  for (std::size_t k = 0; k < order.size(); ++k)
    if (order[k] >= 100) {
      EXPECT_GE(k, 90u) << "the second folder started after only " << k << " files";
      break;
    }
  EXPECT_EQ(schedule.next(&a), 200u);  // nothing left
}

TEST(FolderSchedule, OneWorkerGoesInOrder) {
  FolderSchedule schedule({0, 3, 3, 7}, 10, 2);
  std::size_t run = FolderSchedule::kNoRun;
  for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(schedule.next(&run), i);
  EXPECT_EQ(schedule.next(&run), 10u);
}

TEST(FolderSchedule, EveryItemRunsOnceWhateverTheRunsAndThreads) {
  std::mt19937 random(20261206);
  for (int trial = 0; trial < 40; ++trial) {
    const std::size_t n = random() % 3000;
    std::vector<std::size_t> starts;
    for (int s = static_cast<int>(random() % 12); s > 0; --s) starts.push_back(n == 0 ? 0 : random() % n);
    std::sort(starts.begin(), starts.end());
    std::vector<std::atomic<int>> seen(n);
    imaging::workflow::parallelForByFolder(starts, n, 1 + random() % 4, random() % 500, nullptr,
                                           [&](std::size_t i) { ++seen[i]; });
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(seen[i].load(), 1) << "trial " << trial << " item " << i;
  }
}

TEST(FolderSchedule, TheFirstErrorStopsTheWorkAndIsRethrown) {
  // Items after the failing one wait until it has thrown and then take 5 ms each: the other worker
  // would need over 400 ms to finish everything, while the error reaches the scheduler within
  // microseconds of the throw (twice a free-running worker finished all 100 items first).
  std::atomic<int> ran{0};
  std::atomic<bool> thrown{false};
  EXPECT_THROW(imaging::workflow::parallelForByFolder({0, 50}, 100, 2, 100, nullptr,
                                                      [&](std::size_t i) {
                                                        if (i == 10) {
                                                          ++ran;
                                                          thrown = true;
                                                          throw std::runtime_error("disk full");
                                                        }
                                                        if (i > 10) {
                                                          const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
                                                          while (!thrown && std::chrono::steady_clock::now() < give_up)
                                                            std::this_thread::yield();
                                                          std::this_thread::sleep_for(std::chrono::milliseconds(5));
                                                        }
                                                        ++ran;
                                                      }),
               std::runtime_error);
  EXPECT_LT(ran.load(), 100);
}

}  // namespace
