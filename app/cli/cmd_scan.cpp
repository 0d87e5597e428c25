// scanshare scan PATH [--json]: what is on a disk, folder or zip.
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "imaging/core/printable.h"
#include "commands.h"
#include "interrupt.h"
#include "imaging/media/scan.h"

namespace scanshare_cli {
namespace {

using nlohmann::json;

struct ScanArgs {
  std::string path;
  bool json = false;
};

json seriesJson(const imaging::Series& series) {
  const imaging::Instance* first = series.instances.empty() ? nullptr : &series.instances.front();
  return {{"series_instance_uid", series.series_instance_uid},
          {"modality", series.modality},
          {"number", series.number},
          {"description", series.description},
          {"body_part", series.body_part},
          {"laterality", series.laterality},
          {"frame_of_reference_uid", series.frame_of_reference_uid},
          {"instances", series.instances.size()},
          {"rows", series.rows()},
          {"columns", series.columns()},
          {"sop_class_uid", first ? first->sop_class_uid : ""},
          {"transfer_syntax_uid", first ? first->transfer_syntax_uid : ""}};
}

json inventoryJson(const imaging::Inventory& inventory) {
  json patients = json::array();
  for (const auto& patient : inventory.patients) {
    json studies = json::array();
    for (const auto& study : patient.studies) {
      json series = json::array();
      for (const auto& s : study.series) series.push_back(seriesJson(s));
      studies.push_back({{"study_instance_uid", study.study_instance_uid},
                         {"date", study.date},
                         {"time", study.time},
                         {"description", study.description},
                         {"accession_number", study.accession_number},
                         {"series", std::move(series)}});
    }
    patients.push_back({{"name", patient.name},
                        {"id", patient.id},
                        {"issuer_of_id", patient.issuer_of_id},
                        {"birth_date", patient.birth_date},
                        {"sex", patient.sex},
                        {"studies", std::move(studies)}});
  }
  json problems = json::array();
  for (const auto& problem : inventory.problems)
    problems.push_back({{"path", problem.path.generic_string()},
                        {"kind", imaging::toString(problem.kind)},
                        {"reason", problem.reason}});
  return {{"patients", std::move(patients)},
          {"problems", std::move(problems)},
          {"files_scanned", inventory.files_scanned},
          {"dicom_files", inventory.dicom_files},
          {"used_dicomdir", inventory.used_dicomdir}};
}

std::string orDash(const std::string& text) { return text.empty() ? "-" : text; }

void printTree(const imaging::Inventory& inventory) {
  std::size_t patient_position = 0;
  for (const auto& patient : inventory.patients) {
    ++patient_position;
    std::size_t study_position = 0;
    std::printf("Patient %s  (ID %s, born %s, sex %s)\n", orDash(patient.name).c_str(), orDash(patient.id).c_str(),
                orDash(patient.birth_date).c_str(), orDash(patient.sex).c_str());
    for (const auto& study : patient.studies) {
      ++study_position;
      std::size_t series_position = 0;
      std::printf("  Study %s  %s  (accession %s, %zu series)\n", orDash(study.date).c_str(),
                  orDash(study.description).c_str(), orDash(study.accession_number).c_str(), study.series.size());
      for (const auto& series : study.series) {
        std::printf("    Series %d  %s  %s  %zu instance%s", series.number, orDash(series.modality).c_str(),
                    orDash(series.description).c_str(), series.instances.size(), series.instances.size() == 1 ? "" : "s");
        // Reports and presentation states have no image: no "0x0".
        if (series.columns() > 0 && series.rows() > 0) std::printf(", %dx%d", series.columns(), series.rows());
        if (!series.body_part.empty()) std::printf(", %s", series.body_part.c_str());
        if (!series.laterality.empty()) std::printf(", laterality %s", series.laterality.c_str());
        // The position anonymize --series accepts (PATIENT/STUDY/SERIES, from 1, in this order).
        std::printf("  [%zu/%zu/%zu]\n", patient_position, study_position, ++series_position);
      }
    }
  }
  if (!inventory.problems.empty()) {
    std::printf("Problems:\n");
    for (const auto& problem : inventory.problems)
      std::printf("  %s: %s: %s\n", imaging::printable(problem.path.generic_string()).c_str(), imaging::toString(problem.kind),
                  imaging::printable(problem.reason).c_str());
  }
  std::printf("%zu files scanned, %zu DICOM instances, %zu problems%s\n", inventory.files_scanned,
              inventory.dicom_files, inventory.problems.size(), inventory.used_dicomdir ? " (DICOMDIR used)" : "");
}

// Progress on one stderr line, throttled; worker threads call this concurrently.
std::function<void(std::size_t, std::size_t)> terminalProgress() {
  auto lock = std::make_shared<std::mutex>();
  return [lock](std::size_t done, std::size_t total) {
    if (done % 64 != 0 && done != total) return;
    std::lock_guard<std::mutex> guard(*lock);
    std::fprintf(stderr, "\rscanning %zu/%zu files", done, total);
    if (done == total) std::fprintf(stderr, "\n");
  };
}

void runScan(const ScanArgs& args, CommandContext& ctx) {
  refuseDicomWebPath(args.path);
  imaging::ScanOptions options;
  options.collect_uids = false;  // listed, not verified: about 300 bytes a file less
  if (stderrIsTerminal()) options.progress = terminalProgress();
  // A signal stops it between files: an unpacked zip or CD image is removed, not left in $TMPDIR.
  const StopOnInterrupt stop;
  options.cancel = stop.flag();
  const imaging::Inventory inventory = runUninterrupted([&] { return imaging::scan(args.path, options); });
  if (args.json)
    std::cout << inventoryJson(inventory).dump(2, ' ', false, json::error_handler_t::replace) << '\n';
  else
    printTree(inventory);
  std::cout.flush();
  if (inventory.dicom_files == 0) {
    printError(args.path + ": no DICOM images found");
    ctx.exit_code = kExitUsage;
  } else {
    ctx.exit_code = inventory.problems.empty() ? kExitOk : kExitProblems;
  }
}

}  // namespace

void addScanCommand(CLI::App& root, CommandContext& ctx) {
  auto args = std::make_shared<ScanArgs>();
  auto* cmd = root.add_subcommand("scan", "list the patients, studies, series and problems on a CD, folder or zip");
  cmd->add_option("PATH", args->path, "folder, DICOMDIR, single file or .zip")->required();
  cmd->add_flag("--json", args->json, "print the documented JSON (docs/cli-json.md)");
  cmd->callback([args, &ctx] { runScan(*args, ctx); });
}

}  // namespace scanshare_cli
