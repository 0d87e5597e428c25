#include "child_process.h"

#include "files.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <thread>

namespace fs = std::filesystem;

namespace child {
namespace {

// Everything the child needs is prepared before fork(): after it only async-signal-safe calls.
struct PreparedExec {
  std::vector<std::string> args;
  std::vector<char*> argv;
  std::vector<std::string> env_strings;
  std::vector<char*> envp;
};

PreparedExec prepare(const std::vector<std::string>& argv, const Options& options) {
  PreparedExec p;
  p.args = argv;
  for (auto& a : p.args) p.argv.push_back(a.data());
  p.argv.push_back(nullptr);
  std::map<std::string, std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    const auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [k, v] : options.environment) env[k] = v;
  for (const auto& [k, v] : env) p.env_strings.push_back(k + "=" + v);
  for (auto& s : p.env_strings) p.envp.push_back(s.data());
  p.envp.push_back(nullptr);
  return p;
}

[[noreturn]] void execChild(PreparedExec& p, int out_fd, int err_fd, const Options& options) {
  ::dup2(out_fd, STDOUT_FILENO);
  ::dup2(err_fd, STDERR_FILENO);
  const int null_fd = ::open("/dev/null", O_RDONLY);
  if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
  ::setpgid(0, 0);  // own process group: a timeout kills its helpers too
  if (options.max_file_bytes) {
    ::signal(SIGXFSZ, SIG_IGN);  // write() then fails with EFBIG instead of killing the process
    struct rlimit limit{static_cast<rlim_t>(*options.max_file_bytes), static_cast<rlim_t>(*options.max_file_bytes)};
    ::setrlimit(RLIMIT_FSIZE, &limit);
  }
  if (options.max_address_space_bytes) {
    struct rlimit limit{static_cast<rlim_t>(*options.max_address_space_bytes),
                        static_cast<rlim_t>(*options.max_address_space_bytes)};
    ::setrlimit(RLIMIT_AS, &limit);
  }
  if (!options.working_directory.empty() && ::chdir(options.working_directory.c_str()) != 0) ::_exit(126);
  ::execve(p.argv[0], p.argv.data(), p.envp.data());
  ::_exit(127);
}

Result statusToResult(int status) {
  Result r;
  if (WIFEXITED(status)) {
    r.exited = true;
    r.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    r.signal = WTERMSIG(status);
  }
  return r;
}

}  // namespace

std::string Result::describe() const {
  if (timed_out) return "timed out (killed)";
  if (exited) return "exit " + std::to_string(exit_code);
  return "signal " + std::to_string(signal) + " (" + ::strsignal(signal) + ")";
}

bool Result::exitedWithin(std::initializer_list<int> codes) const {
  if (!exited || timed_out) return false;
  for (int c : codes)
    if (c == exit_code) return true;
  return false;
}

pid_t start(const std::vector<std::string>& argv, const fs::path& out_file, const fs::path& err_file,
            const Options& options) {
  PreparedExec p = prepare(argv, options);
  const int out_fd = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const int err_fd = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (out_fd < 0 || err_fd < 0) throw std::runtime_error("cannot create capture files for a child process");
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) execChild(p, out_fd, err_fd, options);
  ::setpgid(pid, pid);
  ::close(out_fd);
  ::close(err_fd);
  return pid;
}

Result wait(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) return statusToResult(status);
    if (done < 0 && errno != EINTR) throw std::runtime_error("waitpid failed");
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(-pid, SIGKILL);
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      Result r = statusToResult(status);
      r.timed_out = true;
      return r;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

Result run(const std::vector<std::string>& argv, const Options& options) {
  char out_template[] = "/tmp/scanshare-child-out-XXXXXX";
  char err_template[] = "/tmp/scanshare-child-err-XXXXXX";
  const int out_tmp = ::mkstemp(out_template);
  const int err_tmp = ::mkstemp(err_template);
  if (out_tmp < 0 || err_tmp < 0) throw std::runtime_error("cannot create capture files");
  ::close(out_tmp);
  ::close(err_tmp);
  const pid_t pid = start(argv, out_template, err_template, options);
  Result r = wait(pid, options.timeout);
  r.out = scanshare_test::readAll(out_template);
  r.err = scanshare_test::readAll(err_template);
  ::unlink(out_template);
  ::unlink(err_template);
  return r;
}

}  // namespace child
