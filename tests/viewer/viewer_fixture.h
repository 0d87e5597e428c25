// The study the viewer tests open, made once per test process (ctest runs them in parallel).
#pragma once

#include <filesystem>
#include <string>

namespace viewer_test {

// A fresh folder for this test process's files, removed when the owner goes away.
struct WorkDir {
  explicit WorkDir(const std::string& prefix);
  ~WorkDir();
  WorkDir(const WorkDir&) = delete;
  WorkDir& operator=(const WorkDir&) = delete;
  std::filesystem::path root;
};

// The demo sample CD (first series: sagittal knee MR) under `root` when the generator is built,
// else an axial series of 16 slices made here.
std::filesystem::path makeStudy(const std::filesystem::path& root);

}  // namespace viewer_test
