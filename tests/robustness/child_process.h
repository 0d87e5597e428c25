#pragma once
// Runs a program as a child process with a deadline, capturing stdout and stderr, optionally under
// a file-size limit, and tells a normal exit from a signal or a hang. Used by the robustness and
// fault-injection tests (they must see crashes as signals, not as test-process crashes).
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace child {

struct Options {
  std::chrono::milliseconds timeout{60000};
  std::optional<unsigned long long> max_file_bytes;   // RLIMIT_FSIZE in the child (SIGXFSZ ignored)
  std::optional<unsigned long long> max_address_space_bytes;  // RLIMIT_AS in the child: allocations fail past it
  std::map<std::string, std::string> environment;      // added to (or replacing in) the parent's
  std::filesystem::path working_directory;             // empty: the parent's
};

struct Result {
  bool exited = false;       // ended by exit(): exit_code is meaningful
  int exit_code = -1;
  int signal = 0;            // the signal that ended it (0 if none)
  bool timed_out = false;    // killed by us at the deadline
  std::string out;
  std::string err;
  // "exit 1", "signal 11 (Segmentation fault)", "timed out": for assertion messages.
  std::string describe() const;
  bool exitedWithin(std::initializer_list<int> codes) const;
};

Result run(const std::vector<std::string>& argv, const Options& options = {});

// Starts a child without waiting (stdout and stderr go to the given files); for kill tests.
pid_t start(const std::vector<std::string>& argv, const std::filesystem::path& out_file,
            const std::filesystem::path& err_file, const Options& options = {});
// Waits for a started child; returns its status as run() would (out/err left empty).
Result wait(pid_t pid, std::chrono::milliseconds timeout);

}  // namespace child
