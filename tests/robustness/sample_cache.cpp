#include "sample_cache.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdexcept>

#include "child_process.h"

namespace fs = std::filesystem;

namespace sample_cache {
namespace {

std::string generatorStamp() {
  struct stat st {};
  if (::stat(SCANSHARE_MAKE_SAMPLE, &st) != 0) throw std::runtime_error("scanshare-make-sample not built");
  return std::to_string(st.st_size) + "-" + std::to_string(st.st_mtim.tv_sec) + "-" + std::to_string(st.st_mtim.tv_nsec);
}

// Holds an exclusive flock for its lifetime.
class FileLock {
 public:
  explicit FileLock(const fs::path& path) : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
    if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0) throw std::runtime_error("cannot lock " + path.string());
  }
  ~FileLock() {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};

}  // namespace

fs::path shared(const std::string& variant, int count) {
  const fs::path cache = fs::path(SCANSHARE_TEST_WORK_DIR) / "sample-cache";
  fs::create_directories(cache);
  const std::string name = variant + "-" + std::to_string(count) + "-" + generatorStamp();
  const fs::path medium = cache / name;
  FileLock lock(cache / ".lock");
  if (fs::exists(cache / (name + ".complete"))) return medium;
  fs::remove_all(medium);
  std::vector<std::string> argv = {SCANSHARE_MAKE_SAMPLE, "--variant", variant, "--out", medium.string(),
                                   "--manifest", (cache / (name + ".manifest.json")).string()};
  if (count > 0) {
    argv.push_back("--count");
    argv.push_back(std::to_string(count));
  }
  child::Options options;
  options.timeout = std::chrono::minutes(5);
  const child::Result r = child::run(argv, options);
  if (!r.exitedWithin({0})) throw std::runtime_error("scanshare-make-sample failed: " + r.describe() + " " + r.err);
  const int marker = ::open((cache / (name + ".complete")).c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (marker >= 0) ::close(marker);
  return medium;
}

fs::path copyTo(const fs::path& destination, const std::string& variant, int count) {
  const fs::path source = shared(variant, count);
  fs::remove_all(destination);
  fs::create_directories(destination.parent_path());
  fs::copy(source, destination, fs::copy_options::recursive);
  return destination;
}

}  // namespace sample_cache
