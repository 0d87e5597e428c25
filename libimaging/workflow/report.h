#pragma once
// report.json and report.txt of an anonymize run: per file status, action counts, options.
// Never contains the key, a UID mapping, or any value of the source.
#include <filesystem>
#include <string>

#include "imaging/workflow/anonymize.h"
#include "imaging/writer/staged_file.h"

namespace imaging::workflow {

std::string reportJson(const AnonymizeResult& result, const AnonymizeOptions& options);
std::string reportText(const AnonymizeResult& result, const AnonymizeOptions& options);
// The same, handed to write piece by piece (for a report of many files, straight into its file).
void writeReportJson(const AnonymizeResult& result, const AnonymizeOptions& options, const StagedFile::Writer& write);
void writeReportText(const AnonymizeResult& result, const AnonymizeOptions& options, const StagedFile::Writer& write);

// Both reports as one step of the export: the constructor writes them in full under temporary
// names beside their paths (throws Error(Io) naming the report and the reason, e.g. "No space left
// on device", and then leaves nothing); publish(), after the export is in place, renames them.
// Destroyed unpublished, nothing of them remains.
// With options.flush_to_disk each report reaches the disk before the export is in place: by an
// fsync of its own, or, when flush_files is false, by the output's own flush of the filesystem
// they share (AtomicOutput::flushCovers: one flush instead of three); publish() then flushes
// their folder, so that their names are on disk too.
class StagedReports {
 public:
  StagedReports(const AnonymizeResult& result, const AnonymizeOptions& options, bool flush_files);
  void publish();

 private:
  StagedFile json_;
  StagedFile text_;
  bool durable_;
};

}  // namespace imaging::workflow
