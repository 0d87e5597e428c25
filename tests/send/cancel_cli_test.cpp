// Ctrl-C (SIGINT) during `scanshare send`: a clean stop within about two seconds, the line that
// says what arrived, exit code 1, and a resume file that lets the same command send the rest.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "orthanc_server.h"
#include "send_fixtures.h"

namespace send_test {
namespace {

using Clock = std::chrono::steady_clock;

// `scanshare ARGS...` as a child process with stdout and stderr going to files in scratch.
class RunningCli {
 public:
  RunningCli(const std::vector<std::string>& arguments, const std::filesystem::path& scratch)
      : out_(scratch / "cancel-stdout.txt"), err_(scratch / "cancel-stderr.txt") {
    std::vector<std::string> words{SCANSHARE_CLI};
    words.insert(words.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (auto& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    const std::string out = out_.string(), err = err_.string();
    pid_ = ::fork();
    if (pid_ == 0) {
      const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (out_fd < 0 || err_fd < 0) ::_exit(126);
      ::dup2(out_fd, STDOUT_FILENO);
      ::dup2(err_fd, STDERR_FILENO);
      ::signal(SIGINT, SIG_DFL);  // as from a terminal, whatever this test runner does
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
  }
  ~RunningCli() {
    if (pid_ > 0 && !status_) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }
  RunningCli(const RunningCli&) = delete;
  RunningCli& operator=(const RunningCli&) = delete;

  bool started() const { return pid_ > 0; }
  bool stillRunning() {
    poll();
    return !status_;
  }
  void interrupt() const { ::kill(pid_, SIGINT); }
  // The wait status once it ended within limit; nothing if it is still running then.
  std::optional<int> waitFor(std::chrono::milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    while (!poll() && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return status_;
  }
  std::string out() const { return readText(out_); }
  std::string err() const { return readText(err_); }

 private:
  bool poll() {
    if (status_) return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) status_ = status;
    return status_.has_value();
  }

  std::filesystem::path out_, err_;
  pid_t pid_ = -1;
  std::optional<int> status_;
};

std::size_t lineCount(const std::filesystem::path& file) {
  const std::string text = readText(file);
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// Interrupts cli and checks the clean stop: ended within 2 s, exit code 1, the cancel line.
// Returns the numbers (sent, not sent) from that line.
std::pair<std::size_t, std::size_t> interruptAndCheck(RunningCli& cli) {
  const auto signalled = Clock::now();
  cli.interrupt();
  const std::optional<int> status = cli.waitFor(std::chrono::seconds(10));
  const auto took = Clock::now() - signalled;
  EXPECT_TRUE(status.has_value()) << "still running 10 s after SIGINT";
  if (!status) return {0, 0};
  EXPECT_LT(took, std::chrono::seconds(2)) << "stopping took "
                                           << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";
  EXPECT_TRUE(WIFEXITED(*status)) << "killed by the signal instead of stopping cleanly";
  if (WIFEXITED(*status)) {
    EXPECT_EQ(WEXITSTATUS(*status), 1) << cli.err();
  }
  const std::string out = cli.out();
  std::smatch match;
  const std::regex line("cancelled: ([0-9]+) sent, ([0-9]+) not sent; run the same command again to send the rest\n");
  EXPECT_TRUE(std::regex_search(out, match, line)) << "stdout: " << out << "\nstderr: " << cli.err();
  if (match.empty()) return {0, 0};
  return {std::stoul(match[1].str()), std::stoul(match[2].str())};
}

// STOW to a port nothing listens on, with long retry waits: the command sits in its backoff
// until Ctrl-C, which must end the wait rather than let it run out.
TEST(SendCliCancel, CtrlCDuringRetryWaitStopsCleanly) {
  const auto folder = freshFolder("cli-cancel-backoff");
  const auto input = folder / "input";
  std::filesystem::create_directories(input);
  for (int i = 0; i < 3; ++i) writeFixture(input, i);
  const auto exported = exportFor(input, folder);
  const auto state = folder / "state.jsonl";
  RunningCli cli({"send", exported.string(), "--stow", "http://127.0.0.1:" + std::to_string(freeLocalPort()) + "/dicom-web",
                  "--retries", "10", "--retry-delay", "30", "--state", state.string()},
                 folder);
  ASSERT_TRUE(cli.started());
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // scanned, first request refused, waiting
  ASSERT_TRUE(cli.stillRunning()) << "ended before the interrupt: " << cli.out() << cli.err();
  const auto [sent, not_sent] = interruptAndCheck(cli);
  EXPECT_EQ(sent, 0u);
  EXPECT_EQ(not_sent, 3u);
  EXPECT_EQ(cli.err().find("cannot reach"), std::string::npos) << "a cancel is not a connection error: " << cli.err();
  EXPECT_EQ(lineCount(state), 0u);
}

// C-STORE of many files into a real Orthanc, interrupted once a few have arrived: what the line
// says arrived is exactly what the resume file lists and what Orthanc holds; the same command
// then sends the rest.
TEST(SendCliCancel, CtrlCDuringCStoreKeepsResumeFileAndRerunCompletes) {
  const auto folder = freshFolder("cli-cancel-cstore");
  // Orthanc's DCMTK without Nagle (as in docs/send.md's benchmark), so the rerun is quick.
  ::setenv("TCP_NODELAY", "1", 1);
  OrthancServer orthanc(folder / "orthanc");
  ASSERT_NO_THROW(orthanc.start());
  const auto input = folder / "input";
  std::filesystem::create_directories(input);
  constexpr std::size_t kFiles = 300;
  for (std::size_t i = 0; i < kFiles; ++i) writeFixture(input, static_cast<int>(i));
  const auto exported = exportFor(input, folder);
  const auto state = folder / "export.scanshare-send.jsonl";  // the default, beside the export
  const std::string to = orthanc.aet() + "@127.0.0.1:" + std::to_string(orthanc.dicomPort());

  std::size_t sent_first = 0;
  {
    RunningCli cli({"send", exported.string(), "--to", to}, folder);
    ASSERT_TRUE(cli.started());
    const auto deadline = Clock::now() + std::chrono::seconds(20);
    while (lineCount(state) < 2 && cli.stillRunning() && Clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    ASSERT_TRUE(cli.stillRunning()) << "ended before the interrupt: " << cli.out() << cli.err();
    const auto [sent, not_sent] = interruptAndCheck(cli);
    EXPECT_EQ(sent + not_sent, kFiles);
    EXPECT_GE(sent, 2u);
    EXPECT_GT(not_sent, 0u);
    EXPECT_EQ(lineCount(state), sent) << "the resume file lists exactly what arrived";
    EXPECT_EQ(orthanc.storedInstances().size(), sent);
    sent_first = sent;
  }

  const CliRun rerun = runCli("send " + quoted(exported) + " --to " + to + " --json", folder);
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  const auto report = nlohmann::json::parse(rerun.out);
  EXPECT_EQ(report["already_sent"], sent_first);
  EXPECT_EQ(report["sent"], kFiles - sent_first);
  EXPECT_EQ(report["cancelled"], 0);
  EXPECT_EQ(orthanc.storedInstances().size(), kFiles);
  EXPECT_EQ(lineCount(state), kFiles);
}

}  // namespace
}  // namespace send_test
