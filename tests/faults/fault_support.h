#pragma once
// Helpers for the fault-injection tests: fingerprints of a tree (to prove the input is untouched),
// leftovers of an export (staging folders, partial reports), fixtures made in code.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <sys/types.h>

namespace faults {

// An empty folder <test work dir>/faults/<name> (emptied if it was there).
std::filesystem::path freshDir(const std::string& name);

// Relative path -> size and FNV-1a hash of the content, for every regular file, plus the mode bits
// and modification time, so any change to the input shows.
std::map<std::string, std::string> fingerprint(const std::filesystem::path& root);

// Entries of `parent` whose names start with "." + out_name + ".partial" (the writer's staging
// folder and zip temp) or equal out_name + ".report.json.partial" / ".report.txt.partial".
std::vector<std::filesystem::path> leftovers(const std::filesystem::path& parent, const std::string& out_name);

std::size_t countRegularFiles(const std::filesystem::path& root);

// A DICOMDIR with one IMAGE record per referenced file ID (DICOM form, '\\' separated).
void writeDicomdir(const std::filesystem::path& path, const std::vector<std::string>& referenced_file_ids);

// A zip holding the given entries (name -> bytes) verbatim; names are not cleaned.
void writeZip(const std::filesystem::path& path, const std::vector<std::pair<std::string, std::string>>& entries);

// Lower- and upper-case hex of bytes.
std::string hexLower(const std::string& bytes);
std::string hexUpper(const std::string& bytes);

// An export of 1000 bench-small images (--jobs 1) started in dir, an empty folder (input dir/bench,
// output dir/OUT, key dir/test.key) and left running until its staging folder holds 20 written files, or 2 minutes.
struct RunningExport {
  std::filesystem::path input, out, key;
  std::vector<std::string> argv;                 // to run the same export again
  std::map<std::string, std::string> input_before;  // fingerprint of the input before the run
  pid_t pid = -1;
  bool under_way = false;  // false: it never showed written files (it may have ended already)
};
RunningExport startExportUntilUnderWay(const std::filesystem::path& dir, char key_byte);

}  // namespace faults
