// scanshare send PATH --to AET@HOST:PORT | --stow URL: send de-identified instances to a reviewer.
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "commands.h"
#include "imaging/deid/patients_scrubber.h"
#include "imaging/media/scan.h"
#include "imaging/core/error.h"
#include "imaging/send/send.h"
#include "imaging/workflow/send_export.h"
#include "interrupt.h"

namespace scanshare_cli {
namespace {

struct SendArgs {
  std::string path, to, stow, calling_aet = "SCANSHARE", state_file, user, token;
  bool tls = false;
  std::string tls_certificate, tls_key, tls_ca;
  int timeout_s = 30;
  int retries = 3;
  double retry_delay_s = 0.5;
  std::size_t batch_files = 20;
  double batch_mb = 50;
  bool json = false;
};

std::size_t arrivedCount(const imaging::SendReport& report) {
  return report.count(imaging::SendOutcome::Sent) + report.count(imaging::SendOutcome::AlreadySent);
}

std::string cancelledLine(const imaging::SendReport& report) {
  const std::size_t arrived = arrivedCount(report);
  return "cancelled: " + std::to_string(arrived) + " sent, " + std::to_string(report.files.size() - arrived) +
         " not sent; run the same command again to send the rest";
}

nlohmann::json reportJson(const imaging::SendReport& report, const std::string& protocol, std::size_t problems) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& file : report.files)
    files.push_back({{"path", file.path.generic_string()},
                     {"sop_instance_uid", file.sop_instance_uid},
                     {"status", imaging::toString(file.outcome)},
                     {"transfer_syntax_uid", file.transfer_syntax_uid},
                     {"detail", file.detail}});
  return {{"destination", report.destination},
          {"protocol", protocol},
          {"instances", report.files.size()},
          {"sent", report.count(imaging::SendOutcome::Sent)},
          {"already_sent", report.count(imaging::SendOutcome::AlreadySent)},
          {"failed", report.count(imaging::SendOutcome::Failed)},
          {"cancelled", report.count(imaging::SendOutcome::Cancelled)},
          {"associations", report.associations},
          {"bytes_sent", report.bytes_sent},
          {"seconds", report.seconds},
          {"scan_problems", problems},
          {"files", std::move(files)}};
}

void printText(const imaging::SendReport& report) {
  for (const auto& file : report.files)
    if (file.outcome == imaging::SendOutcome::Failed)
      std::printf("failed: %s: %s\n", file.path.generic_string().c_str(), file.detail.c_str());
  if (report.count(imaging::SendOutcome::Cancelled) > 0) {
    std::printf("%s\n", cancelledLine(report).c_str());
    return;
  }
  const std::size_t sent = report.count(imaging::SendOutcome::Sent);
  const double seconds = report.seconds > 0 ? report.seconds : 0;
  std::printf("sent %zu, already sent %zu, failed %zu of %zu instances to %s", sent,
              report.count(imaging::SendOutcome::AlreadySent), report.count(imaging::SendOutcome::Failed),
              report.files.size(), report.destination.c_str());
  if (sent > 0 && seconds > 0)
    std::printf(" in %.2f s (%.1f instances/s, %.2f MB/s)", seconds, static_cast<double>(sent) / seconds,
                static_cast<double>(report.bytes_sent) / 1e6 / seconds);
  std::printf("\n");
}

int exitCodeFor(const imaging::SendReport& report) {
  if (report.count(imaging::SendOutcome::Cancelled) > 0) return kExitProblems;  // the rest is for a rerun
  const std::size_t failed = report.count(imaging::SendOutcome::Failed);
  if (failed == 0) return kExitOk;
  return failed == report.files.size() ? kExitUsage : kExitProblems;
}

int runSend(const SendArgs& args) {
  if (args.to.empty() == args.stow.empty()) {
    printError("send needs exactly one destination: --to AET@HOST:PORT or --stow URL");
    return kExitUsage;
  }
  if (args.tls && args.to.empty()) {
    printError("--tls is for C-STORE (--to); for STOW-RS give an https:// URL");
    return kExitUsage;
  }
  if (args.tls && (args.tls_certificate.empty() || args.tls_key.empty() || args.tls_ca.empty())) {
    printError("--tls needs --cert FILE, --key FILE and --ca FILE");
    return kExitUsage;
  }
  std::optional<imaging::DicomPeer> peer;
  if (!args.to.empty()) peer = imaging::parseDicomPeer(args.to);

  imaging::SendState state(args.state_file.empty() ? imaging::SendState::defaultFileFor(args.path)
                                                   : std::filesystem::path(args.state_file));
  imaging::SendOptions options;
  options.calling_aet = args.calling_aet;
  if (args.tls) options.tls = imaging::DicomTlsFiles{args.tls_certificate, args.tls_key, args.tls_ca};
  options.timeout_s = args.timeout_s;
  options.retries = args.retries;
  options.retry_delay = std::chrono::milliseconds(static_cast<long long>(args.retry_delay_s * 1000));
  options.stow_batch_files = args.batch_files;
  options.stow_batch_bytes = static_cast<std::uint64_t>(args.batch_mb * 1e6);
  options.state = &state;
  if (stderrIsTerminal())
    options.progress = [](const imaging::FileSendStatus&, std::size_t done, std::size_t all) {
      std::fprintf(stderr, "\rsending %zu/%zu", done, all);
      if (done == all) std::fprintf(stderr, "\n");
    };

  imaging::StowTarget target;
  target.url = args.stow;
  target.user_colon_password = args.user;
  target.bearer_token = args.token;
  imaging::SendDestination destination;
  if (peer) destination.peer = *peer;
  else destination.stow = target;
  imaging::CheckedSend checked;
  {
    const StopOnInterrupt ctrl_c;  // Ctrl-C: the file in flight finishes, the resume file stays right
    options.cancel = ctrl_c.flag();
    checked = runUninterrupted([&] { return imaging::sendExport(args.path, destination, options); });
  }
  if (checked.refused()) {
    // verify's own words: kind and place of each finding, never a value; there is no override.
    // The copy's own identifiers (an identified copy holds them) withhold the paths named after them.
    const auto identifiers = imaging::makePatientsScrubber(imaging::scan(args.path));
    printError(args.path + ": " + imaging::refusalLine(checked.verdict, 5, identifiers.get()) +
               "; nothing was sent (run 'scanshare verify' on it, and send a fresh 'scanshare anonymize' copy)");
    return kExitRefused;
  }
  const imaging::SendReport& report = checked.report;
  const bool cancelled = report.count(imaging::SendOutcome::Cancelled) > 0;
  if (cancelled && stderrIsTerminal()) std::fprintf(stderr, "\n");  // ends the progress line
  if (args.json) {
    std::cout << reportJson(report, peer ? "dimse" : "stow-rs", checked.scan_problems).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    if (cancelled) std::fprintf(stderr, "%s\n", cancelledLine(report).c_str());
  } else {
    printText(report);
  }
  std::cout.flush();
  return exitCodeFor(report);
}

}  // namespace

void addSendCommand(CLI::App& root, CommandContext& ctx) {
  auto args = std::make_shared<SendArgs>();
  auto* cmd = root.add_subcommand("send", "send de-identified images to a DICOM peer (C-STORE) or DICOMweb (STOW-RS)");
  cmd->add_option("PATH", args->path, "folder, DICOMDIR, single file, .zip or export")->required();
  auto* to = cmd->add_option("--to", args->to, "DICOM peer as AET@HOST:PORT (C-STORE)");
  auto* stow = cmd->add_option("--stow", args->stow, "DICOMweb base URL or STOW endpoint (…/studies)");
  to->excludes(stow);
  cmd->add_option("--calling-aet", args->calling_aet, "our AE title (default SCANSHARE)");
  auto* tls = cmd->add_flag("--tls", args->tls, "C-STORE over DICOM TLS (needs --cert, --key, --ca)");
  cmd->add_option("--cert,--tls-cert", args->tls_certificate, "TLS: our certificate (PEM)")->needs(tls);
  cmd->add_option("--key,--tls-key", args->tls_key, "TLS: our private key (PEM, unencrypted)")->needs(tls);
  cmd->add_option("--ca,--tls-ca", args->tls_ca, "TLS: CA certificate(s) (PEM) the peer's certificate must be signed by")->needs(tls);
  cmd->add_option("--timeout", args->timeout_s, "seconds to wait for connect, association and each answer (default 30)")
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--retries", args->retries, "further tries after a transient failure (default 3)")->check(CLI::Range(0, 100));
  cmd->add_option("--retry-delay", args->retry_delay_s, "seconds before the first retry; doubles each time (default 0.5)")
      ->check(CLI::Range(0.0, 600.0));
  cmd->add_option("--state", args->state_file, "resume file (default: PATH.scanshare-send.jsonl beside PATH)");
  cmd->add_option("--user", args->user, "STOW-RS basic authentication as USER:PASSWORD");
  cmd->add_option("--token", args->token, "STOW-RS bearer token")->excludes(cmd->get_option("--user"));
  cmd->add_option("--batch-files", args->batch_files, "STOW-RS: files per request (default 20)")->check(CLI::Range(1, 10000));
  cmd->add_option("--batch-mb", args->batch_mb, "STOW-RS: megabytes per request (default 50)")->check(CLI::Range(0.001, 100000.0));
  cmd->add_flag("--json", args->json, "print the per-file report as JSON (docs/send.md)");
  cmd->callback([args, &ctx] {
    try {
      ctx.exit_code = runSend(*args);
    } catch (const imaging::Error& e) {
      ctx.exit_code = reportError(e);
    }
  });
}

}  // namespace scanshare_cli
