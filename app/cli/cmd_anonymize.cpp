// scanshare anonymize: a de-identified copy of a disk, folder or zip (see docs/user-guide-cli.md).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "anonymize_args.h"
#include "cli_common.h"
#include "commands.h"
#include "imaging/core/error.h"
#include "imaging/core/temp_dir.h"
#include "imaging/deid/key.h"
#include "imaging/dicomweb/source.h"
#include "imaging/deid/profile.h"
#include "imaging/media/scan.h"
#include "imaging/send/send.h"
#include "imaging/workflow/anonymize.h"
#include "imaging/workflow/recipe.h"
#include "imaging/workflow/sealed_mapping.h"
#include "imaging/workflow/series_selection.h"
#include "imaging/workflow/scan_plan.h"
#include "imaging/workflow/send_export.h"
#include "imaging/workflow/share_pipeline.h"
#include "imaging/workflow/verify.h"
#include "imaging/writer/atomic_output.h"
#include "interrupt.h"
#include "shard_cli.h"

namespace scanshare_cli {
namespace {

const char* statusWord(imaging::InstanceOutcome::Status s) {
  switch (s) {
    case imaging::InstanceOutcome::Status::Kept: return "kept";
    case imaging::InstanceOutcome::Status::Excluded: return "excluded";
    case imaging::InstanceOutcome::Status::Failed: return "failed";
  }
  return "failed";
}

// The only place where source values are shown: on stdout, for the person at the terminal.
void printDryRun(const std::vector<imaging::DryRunInstance>& preview) {
  for (const auto& d : preview) {
    std::printf("#%zu %s %s\n", d.index, statusWord(d.status), d.output_name.empty() ? d.description.c_str() : d.output_name.c_str());
    if (!d.reason.empty()) std::printf("  reason: %s\n", d.reason.c_str());
    for (const auto& c : d.changes) {
      if (c.action == "keep-text" || c.action == "keep-verbatim")  // what stays, as the reviewer will read it
        std::printf("  %-32s %-28s %-12s \"%s\"\n", c.tag.c_str(), c.keyword.c_str(), c.action.c_str(), c.after.c_str());
      else
        std::printf("  %-32s %-28s %-12s \"%s\" -> \"%s\"\n", c.tag.c_str(), c.keyword.c_str(), c.action.c_str(),
                    c.before.c_str(), c.after.c_str());
    }
  }
}

// The destination of --send / --stow, checked before any work is done; nullopt without them.
std::optional<imaging::SendDestination> sendDestination(const AnonymizeArgs& a) {
  if (!a.sending()) return std::nullopt;
  if (a.dry_run) throw imaging::Error(imaging::ErrorCode::InvalidArgument, "--dry-run writes and sends nothing: drop --send/--stow");
  if (a.tls && a.send_to.empty())
    throw imaging::Error(imaging::ErrorCode::InvalidArgument, "--tls is for --send (C-STORE); for --stow give an https:// URL");
  if (a.tls && (a.tls_certificate.empty() || a.tls_key.empty() || a.tls_ca.empty()))
    throw imaging::Error(imaging::ErrorCode::InvalidArgument, "--tls needs --tls-cert FILE, --tls-key FILE and --tls-ca FILE");
  imaging::SendDestination destination;
  if (!a.send_to.empty()) {
    destination.peer = imaging::parseDicomPeer(a.send_to);
  } else {
    destination.stow = imaging::StowTarget{a.stow, a.stow_user, a.stow_token};
  }
  return destination;
}

imaging::SendOptions sendOptions(const AnonymizeArgs& a) {
  imaging::SendOptions options;
  options.calling_aet = a.calling_aet;
  if (a.tls) options.tls = imaging::DicomTlsFiles{a.tls_certificate, a.tls_key, a.tls_ca};
  return options;
}

// One line per file sent; the exit code of the send.
int printSend(const imaging::ShareOutcome& outcome) {
  if (!outcome.verify_error.empty()) {
    printError("cannot verify the copy: " + outcome.verify_error + "; nothing was sent");
    return kExitRefused;
  }
  for (const auto& finding : outcome.verdict->findings)
    if (!imaging::isPrivacyFinding(finding))
      std::fprintf(stderr, "warning: verify: %s: %s: %s\n", imaging::toString(finding.kind), finding.location.c_str(),
                   finding.detail.c_str());
  if (outcome.refused()) {
    printError(imaging::refusalLine(*outcome.verdict) + "; nothing was sent");
    return kExitRefused;
  }
  const imaging::SendReport& report = *outcome.sent;
  for (const auto& file : report.files) {
    // Names inside the export (DICOM/P.../I...): never the temporary or zip extraction folder.
    const std::string full = file.path.generic_string();
    const std::size_t tree = full.rfind("/DICOM/");
    const std::string name = tree == std::string::npos ? file.path.filename().string() : full.substr(tree + 1);
    if (file.outcome == imaging::SendOutcome::Cancelled) continue;  // counted in the summary line
    if (file.outcome == imaging::SendOutcome::Failed)
      std::printf("send failed: %s: %s\n", name.c_str(), file.detail.c_str());
    else
      std::printf("sent: %s%s%s\n", name.c_str(), file.detail.empty() ? "" : ": ", file.detail.c_str());
  }
  const std::size_t failed = report.count(imaging::SendOutcome::Failed);
  const std::size_t cancelled = report.count(imaging::SendOutcome::Cancelled);
  if (cancelled > 0) {
    // No resume file here (the copy may be temporary): the same command sends everything again,
    // and the same key gives the same UIDs, so the reviewer's copies are simply replaced.
    std::printf("cancelled: sent %zu, not sent %zu of %zu instances to %s; run the same command again to send them all\n",
                report.count(imaging::SendOutcome::Sent), cancelled + failed, report.files.size(),
                report.destination.c_str());
    return kExitProblems;
  }
  std::printf("sent %zu, failed %zu of %zu instances to %s\n", report.count(imaging::SendOutcome::Sent), failed,
              report.files.size(), report.destination.c_str());
  if (failed == 0 && !report.files.empty()) return kExitOk;
  return failed == report.files.size() ? kExitUsage : kExitProblems;
}

// "scan: 12/400", "anonymize: 7/388", "sending 3/388" on a terminal, one line per stage.
std::function<void(imaging::ShareStage, std::size_t, std::size_t)> stageProgress() {
  if (!stderrIsTerminal()) return {};
  return [](imaging::ShareStage stage, std::size_t done, std::size_t total) {
    const char* what = stage == imaging::ShareStage::Scan     ? "scan"
                       : stage == imaging::ShareStage::Export ? "anonymize"
                       : stage == imaging::ShareStage::Verify ? "verify"
                                                              : "sending";
    std::fprintf(stderr, "\r%s: %zu/%zu", what, done, total);
    if (done == total) std::fprintf(stderr, "\n");
  };
}

int runAnonymize(const AnonymizeArgs& given) {
  AnonymizeArgs a = given;
  // A dicomweb+http(s):// input: its studies are retrieved into this private folder (mode 0700,
  // removed on every way out), which is from then on the input, exactly like a folder.
  std::optional<imaging::DicomWebSource> web;
  std::optional<imaging::TempDir> retrieved;
  if (imaging::isDicomWebSource(a.input)) {
    web = imaging::parseDicomWebSource(a.input);
    web->auth = imaging::HttpAuth{a.source_user, a.source_token};
    retrieved.emplace(std::filesystem::path{}, "scanshare-dicomweb-");
    a.input = retrieved->path().string();
  } else if (!a.source_user.empty() || !a.source_token.empty()) {
    throw imaging::Error(imaging::ErrorCode::InvalidArgument, "--source-user and --source-token are for a dicomweb+http(s):// input");
  }
  refuseContradictions(a);
  // A recipe is read and checked before anything else (docs/recipes.md).
  const std::optional<imaging::Recipe> recipe =
      a.recipe.empty() ? std::nullopt : std::optional<imaging::Recipe>(imaging::loadRecipe(a.recipe));
  refuseRecipeConflicts(a, recipe ? &*recipe : nullptr);
  imaging::Profile profile = recipe ? recipe->makeProfile(a.profile) : imaging::Profile::byName(a.profile);
  for (const auto& name : a.options) {
    const imaging::DeidOption option = imaging::parseOption(name);
    // A date option replaces the profile's (the default profile shifts dates): never both at once.
    if (option == imaging::DeidOption::RetainLongitudinalFullDates) profile.setDateMode(imaging::DateMode::Keep);
    else if (option == imaging::DeidOption::RetainLongitudinalModifiedDates) profile.setDateMode(imaging::DateMode::Shift);
    else profile.options.insert(option);
  }
  if (!a.dates.empty()) profile.setDateMode(imaging::parseDateMode(a.dates));
  if (a.patient_name.empty() != a.patient_id.empty())
    throw imaging::Error(imaging::ErrorCode::InvalidArgument, "--patient-name and --patient-id go together");
  if (!a.dry_run && a.output.empty() && !a.sending())
    throw imaging::Error(imaging::ErrorCode::InvalidArgument, "-o OUT is required");
  const std::optional<imaging::SendDestination> destination = sendDestination(a);
  // A full, nested or read-only output is refused now, not after a long scan. A shard's OUT holds
  // the other shards: its own folder is checked (and a killed run's leftovers cleared) by prepareShard.
  if (!a.dry_run && !a.output.empty() && a.shard.empty())
    imaging::checkOutputTarget(a.output, a.input, a.zip ? imaging::OutputKind::Zip : imaging::OutputKind::Folder);
  if (!a.mapping.empty()) imaging::checkMappingTarget(a.mapping, a.output, a.input);

  const imaging::Key key = a.key_file.empty() ? imaging::Key::loadOrCreate(imaging::Key::defaultLocation())
                                              : imaging::Key::load(a.key_file);
  imaging::AnonymizeOptions options;
  options.deid = imaging::makeDeidConfig(key, profile);
  options.deid.include_burned_in = a.include_burned_in;
  options.deid.trust_burned_in_flag = a.trust_burned_in_flag;
  options.redact_burned_in = a.redact_burned_in;
  for (const auto& b : a.blackouts) options.blackouts.push_back(imaging::parseBlackoutRegion(b));
  options.deid.exclude_sr = a.exclude_sr;
  for (const auto& name : a.keep_text) {
    const auto attribute = imaging::parseAttributeKeyword(name);
    if (!attribute)
      throw imaging::Error(imaging::ErrorCode::InvalidArgument, "--keep-text " + name + ": not a standard attribute keyword or tag");
    options.deid.keep_text_verbatim.push_back(*attribute);
  }
  if (recipe) recipe->applyTo(options);
  if (!a.patient_name.empty()) options.pseudonym = imaging::Pseudonym{a.patient_name, a.patient_id};
  options.zip = a.zip;
  options.flush_to_disk = !a.no_flush;
  options.report = a.report;
  options.jobs = a.jobs;
  options.keep_written_uids = !a.mapping.empty();  // the sealed mapping pairs them with the source's
  // --shard I/N: this task's patients into OUT/shard-I-of-N; a finished shard is not redone.
  std::optional<ShardTarget> shard;
  if (!a.shard.empty()) {
    shard = prepareShard({a.shard, a.output, a.zip, !a.report.empty(), a.sending(), a.dry_run, !a.patient_name.empty()}, key);
    if (shard->already_done) {
      std::printf("shard %u of %u already done: %s\n", shard->spec.index, shard->spec.count, shard->folder.string().c_str());
      return kExitOk;
    }
    options.shard = shard->spec;
  }

  // Ctrl-C or SIGTERM stops the scan, the export or the send at a safe point: nothing is written
  // (the staging folder is removed), and a send keeps its place. The library's share pipeline does
  // every stage; this command only turns arguments into a request and results into lines.
  const StopOnInterrupt stop;
  if (web) {
    imaging::FetchOptions fetch_options;
    fetch_options.cancel = stop.flag();
    if (stderrIsTerminal())
      fetch_options.progress = [](std::size_t done, std::size_t total) {
        std::fprintf(stderr, "\rretrieve (studies): %zu/%zu", done, total);
        if (done == total) std::fprintf(stderr, "\n");
      };
    const imaging::FetchResult fetched = runUninterrupted([&] { return imaging::fetchStudies(*web, a.input, fetch_options); });
    std::printf("retrieved %zu instance(s) of %zu study(ies) from %s: %.1f MB in %.1f s\n", fetched.instances,
                fetched.studies, web->display().c_str(), static_cast<double>(fetched.bytes) / 1e6, fetched.seconds);
  }
  imaging::ShareRequest request;
  request.input = a.input;
  if (web) request.input_name = web->display();  // never the private folder, never the query
  request.options = options;
  request.jobs = a.jobs;
  request.cancel = stop.flag();
  request.progress = stageProgress();
  request.key = key;
  request.output = shard ? shard->folder : std::filesystem::path(a.output);
  request.destination = destination;
  request.verify = destination.has_value();
  request.send = sendOptions(a);
  // An export alone, of an input of any size, runs in bounded memory (docs/benchmarks.md): on its
  // own past 10 000 files, or always with --bounded-memory.
  const std::string whole = given.needsWholeInventory(recipe && recipe->series.active());
  if (a.bounded_memory && !whole.empty())
    throw imaging::Error(imaging::ErrorCode::InvalidArgument, "--bounded-memory cannot be combined with " + whole +
                                                                  ", which needs the whole inventory at once");
  request.memory = a.bounded_memory ? imaging::ExportMemory::Bounded
                   : whole.empty()  ? imaging::ExportMemory::Auto
                                    : imaging::ExportMemory::Whole;
  request.select = [&](const imaging::Inventory& inventory, imaging::AnonymizeOptions& o) {
    const imaging::SeriesScope scope{a.patient_scope, a.study_scope};
    o.series = imaging::resolveSeriesSelectors(inventory, a.series, scope);
    if (recipe && recipe->series.active()) {
      o.series = imaging::selectSeries(inventory, recipe->series);
      if (o.series.empty())
        throw imaging::Error(imaging::ErrorCode::InvalidArgument, "the recipe's series rules match no series of " + (web ? web->display() : a.input),
                             a.recipe);
    }
    // A blackout's @SERIES names one series too, never that number in every patient and study.
    for (imaging::BlackoutRegion& b : o.blackouts)
      if (!b.series.empty()) b.series = imaging::resolveSeriesSelectors(inventory, {b.series}, scope, "--blackout @SERIES").front();
  };
  if (!a.plan.empty()) {
    if (web) throw imaging::Error(imaging::ErrorCode::InvalidArgument, "--plan is for a folder input, not dicomweb+http(s)://");
    request.scanned = std::make_shared<const imaging::Inventory>(imaging::readScanPlan(a.plan, key, a.input));
  }
  imaging::SharePipeline pipeline(std::move(request));

  if (a.dry_run) {
    printDryRun(runUninterrupted([&] { return pipeline.preview(); }));
    return kExitOk;
  }
  const imaging::ShareOutcome outcome = runUninterrupted([&] { return pipeline.run(); });
  const imaging::AnonymizeResult& r = outcome.result;
  std::size_t damaged = 0;
  for (const auto& s : r.skipped) damaged += s.bad ? 1 : 0;
  if (shard)
    std::printf("shard %u of %u: %zu patient(s); %zu instance(s) belong to other shards\n", shard->spec.index,
                shard->spec.count, r.shard_patients, r.other_shards);
  std::printf("kept %zu, excluded %zu, failed %zu, not selected %zu; input files not exported: %zu (damaged: %zu)\n",
              r.kept, r.excluded, r.failed, r.not_selected, r.skipped.size(), damaged);
  r.forEachFile([](const imaging::FileResult& f) {
    if (f.redacted) std::fprintf(stderr, "note: burned-in text blacked out: %s\n", f.description.c_str());
    else if (f.burned_in)
      std::fprintf(stderr, "warning: excluded, may carry burned-in text: %s (%s)\n", f.description.c_str(), f.reason.c_str());
    else if (f.status == imaging::InstanceOutcome::Status::Excluded && f.code != imaging::OutcomeCode::SeriesNotSelected)
      std::fprintf(stderr, "warning: excluded: %s: %s\n", f.description.c_str(), f.reason.c_str());
    else if (f.status == imaging::InstanceOutcome::Status::Failed)
      printError((f.input_withheld ? f.description : f.input_relative) + ": " + f.reason);
  });
  for (const auto& s : r.skipped)
    if (s.bad) printError((s.input_withheld ? std::string("(name withheld)") : s.input_relative) + ": " + s.reason);
  if (outcome.temporary_output) {
    std::printf("output: not kept (temporary copy for sending)\n");
    if (a.report.empty()) std::printf("report: not kept (give --report FILE to keep it)\n");
    else std::printf("report: %s\n", r.report_json.string().c_str());
  } else {
    std::printf("output: %s\nreport: %s\n", r.output.string().c_str(), r.report_json.string().c_str());
  }
  if (!a.mapping.empty()) {  // sealed with the project key; never inside OUT, never in the report
    imaging::saveSealedMapping(a.mapping, key, *outcome.source, outcome.applied, r);
    std::printf("mapping: %s (sealed; keep it at the clinic, apart from the copy)\n", a.mapping.c_str());
  }
  const int anonymize_exit = r.hadProblems() ? kExitProblems : kExitOk;
  if (!destination) return anonymize_exit;
  return std::max(anonymize_exit, printSend(outcome));
}

}  // namespace

void addAnonymizeCommand(CLI::App& root, CommandContext& ctx) {
  auto args = std::make_shared<AnonymizeArgs>();
  auto* cmd = root.add_subcommand("anonymize", "write a de-identified copy (folder with DICOMDIR, or zip)");
  cmd->add_option("PATH", args->input,
                  "disk, folder, DICOMDIR or zip to read, or dicomweb+http(s)://HOST:PORT/PATH?QIDO-QUERY: the "
                  "studies a DICOMweb server finds for the query (docs/scale-out.md)")->required();
  cmd->add_option("-o,--output", args->output,
                  "output folder (must not exist or be empty), or zip file with --zip; required unless --dry-run "
                  "or --send/--stow");
  cmd->add_option("--profile", args->profile, "default or basic")->capture_default_str();
  cmd->add_option("--option", args->options,
                  "add a PS3.15 option by name (repeatable), e.g. retain-safe-private; default: none beyond the profile");
  cmd->add_option("--dates", args->dates, "shift, keep or remove; default: the profile's (default: shift, basic: remove)");
  cmd->add_option("--key", args->key_file, "key file (default: per-user key, created on first use)");
  cmd->add_option("--patient-name", args->patient_name, "pseudonym name to write (one patient only); default: a keyed pseudonym");
  cmd->add_option("--patient-id", args->patient_id, "pseudonym ID to write (one patient only); default: a keyed pseudonym ID");
  cmd->add_option("--series", args->series,
                  "series to export (repeatable): PATIENT/STUDY/SERIES positions as scan lists them (e.g. 1/1/2), a "
                  "series number unique on the input (or within --patient/--study), or a Series Instance UID; "
                  "default: every series");
  cmd->add_option("--patient", args->patient_scope, "with --series: look series numbers up in this patient only "
                                                      "(position from 1, or Patient ID); default: every patient");
  cmd->add_option("--study", args->study_scope, "with --series: look series numbers up in this study only (position "
                                                  "from 1 within the patient); default: every study");
  cmd->add_flag("--include-burned-in", args->include_burned_in,
                "also export images that may carry burned-in text, as they are; default: off (excluded)");
  cmd->add_flag("--redact-burned-in", args->redact_burned_in,
                "export images that may carry burned-in text with the text OCR finds blacked out; default: off");
  cmd->add_flag("--trust-burned-in-flag", args->trust_burned_in_flag,
                "export projection X-ray images (CR, DX, MG, IO, PX, XA, RF) whose Burned In Annotation is absent "
                "or NO without screening their pixels for text (faster; verify of the share skips them too); "
                "default: off (screened, and left out when text is found)");
  cmd->add_option("--blackout", args->blackouts, "black out x,y,w,h[@SERIES] in burned-in candidates (repeatable; SERIES as for --series); default: none");
  cmd->add_option("--keep-text", args->keep_text,
                  "keep this attribute's text verbatim, unchecked (keyword or (gggg,eeee), repeatable); "
                  "the report, the file and verify say so; default: none");
  cmd->add_flag("--exclude-sr", args->exclude_sr, "leave structured reports out instead of cleaning them; default: off");
  cmd->add_flag("--zip", args->zip, "write OUT as a zip file; default: off (a folder)");
  cmd->add_flag("--no-flush", args->no_flush,
                "do not wait for OUT to reach the disk (faster; OUT still appears only complete, but a power "
                "failure soon after may damage it); default: off (flush)");
  cmd->add_flag("--bounded-memory", args->bounded_memory,
                "use the bounded-memory export whatever the input's size (it is used on its own past 10 000 files): "
                "memory does not grow with the input; not with --series, --patient-name, --shard, --mapping, "
                "--send or --dry-run; default: off");
  cmd->add_flag("--dry-run", args->dry_run, "print every attribute change (before -> after); write nothing; default: off");
  cmd->add_option("--report", args->report, "report JSON path (default: OUT.report.json beside OUT; text beside it)");
  cmd->add_option("--jobs", args->jobs, "worker threads, at least 1")->capture_default_str();
  auto* send = cmd->add_option("--send", args->send_to, "also send the copy by C-STORE to AET@HOST:PORT (-o then optional); default: no sending");
  auto* stow = cmd->add_option("--stow", args->stow, "also send the copy by STOW-RS to this DICOMweb URL (-o then optional); default: no sending");
  cmd->add_option("--shard", args->shard,
                  "I/N: export only shard I (0..N-1) of the patients, into OUT/shard-I-of-N (docs/scale-out.md); "
                  "default: all patients");
  cmd->add_option("--plan", args->plan,
                  "the input's scan written once by `scanshare plan` (shard tasks then skip their own scan; "
                  "docs/scale-out.md); default: scan the input");
  cmd->add_option("--recipe", args->recipe,
                  "project recipe (JSON, docs/recipes.md): profile, options, dates, attribute and private rules, "
                  "series, burned-in; default: none");
  cmd->add_option("--mapping", args->mapping,
                  "also write the sealed re-identification mapping to FILE, outside OUT and the input "
                  "(docs/mapping.md); default: none");
  send->excludes(stow);
  cmd->add_option("--calling-aet", args->calling_aet, "with --send: our AE title")->capture_default_str()->needs(send);
  auto* tls = cmd->add_flag("--tls", args->tls, "with --send: DICOM TLS (needs --tls-cert, --tls-key, --tls-ca); default: off")->needs(send);
  cmd->add_option("--tls-cert", args->tls_certificate, "with --tls: our certificate (PEM)")->needs(tls);
  cmd->add_option("--tls-key", args->tls_key, "with --tls: our private key (PEM)")->needs(tls);
  cmd->add_option("--tls-ca", args->tls_ca, "with --tls: CA certificate(s) (PEM) the peer's must be signed by")->needs(tls);
  cmd->add_option("--source-user", args->source_user,
                  "with a dicomweb+http(s):// input: basic authentication there as USER:PASSWORD; default: none");
  cmd->add_option("--source-token", args->source_token, "with a dicomweb+http(s):// input: bearer token; default: none")
      ->excludes(cmd->get_option("--source-user"));
  cmd->add_option("--user", args->stow_user, "with --stow: basic authentication as USER:PASSWORD; default: none")->needs(stow);
  cmd->add_option("--token", args->stow_token, "with --stow: bearer token; default: none")->needs(stow)->excludes(cmd->get_option("--user"));
  cmd->callback([args, cmd, &ctx] {
    try {
      args->profile_given = cmd->count("--profile") > 0;
      ctx.exit_code = runAnonymize(*args);
    } catch (const imaging::Error& e) {
      ctx.exit_code = reportError(e);
    }
  });
}

}  // namespace scanshare_cli
