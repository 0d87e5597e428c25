#include "fault_support.h"
#include "files.h"

#include <chrono>
#include <thread>

#include "child_process.h"
#include "sample_cache.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>
#include <sys/stat.h>
#include <zip.h>

#include <stdexcept>


namespace fs = std::filesystem;

namespace faults {

fs::path freshDir(const std::string& name) {
  const fs::path dir = fs::path(SCANSHARE_TEST_WORK_DIR) / "faults" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}


std::map<std::string, std::string> fingerprint(const fs::path& root) {
  std::map<std::string, std::string> prints;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    struct stat st {};
    if (::lstat(entry.path().c_str(), &st) != 0) continue;
    std::string print = "mode " + std::to_string(st.st_mode) + " mtime " + std::to_string(st.st_mtim.tv_sec) + "." +
                        std::to_string(st.st_mtim.tv_nsec);
    if (entry.is_regular_file()) {
      std::uint64_t hash = 1469598103934665603ull;
      for (unsigned char c : scanshare_test::readAll(entry.path())) hash = (hash ^ c) * 1099511628211ull;
      print += " size " + std::to_string(st.st_size) + " fnv " + std::to_string(hash);
    }
    prints[entry.path().lexically_relative(root).generic_string()] = print;
  }
  return prints;
}

std::vector<fs::path> leftovers(const fs::path& parent, const std::string& out_name) {
  std::vector<fs::path> found;
  const std::string staging_prefix = "." + out_name + ".partial";
  for (const auto& entry : fs::directory_iterator(parent)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(staging_prefix, 0) == 0 || name == out_name + ".report.json.partial" ||
        name == out_name + ".report.txt.partial")
      found.push_back(entry.path());
  }
  return found;
}

std::size_t countRegularFiles(const fs::path& root) {
  std::size_t n = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, ec), end; it != end; it.increment(ec)) {
    if (ec) break;
    if (it->is_regular_file(ec)) ++n;
  }
  return n;
}

void writeDicomdir(const fs::path& path, const std::vector<std::string>& referenced_file_ids) {
  DcmFileFormat file;
  DcmDataset* ds = file.getDataset();
  file.getMetaInfo()->putAndInsertString(DCM_MediaStorageSOPClassUID, UID_MediaStorageDirectoryStorage);
  ds->putAndInsertString(DCM_FileSetID, "HOSTILE");
  for (const std::string& id : referenced_file_ids) {
    DcmItem* record = nullptr;
    ds->findOrCreateSequenceItem(DCM_DirectoryRecordSequence, record, -2);
    record->putAndInsertString(DCM_DirectoryRecordType, "IMAGE");
    record->putAndInsertString(DCM_ReferencedFileID, id.c_str());
  }
  fs::create_directories(path.parent_path());
  const OFCondition saved = file.saveFile(path.c_str(), EXS_LittleEndianExplicit);
  if (saved.bad()) throw std::runtime_error(std::string("DICOMDIR fixture not written: ") + saved.text());
}

void writeZip(const fs::path& path, const std::vector<std::pair<std::string, std::string>>& entries) {
  fs::remove(path);
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_EXCL, &error);
  if (archive == nullptr) throw std::runtime_error("cannot create zip fixture");
  for (const auto& [name, bytes] : entries) {
    // libzip copies the buffer when the archive is closed; keep the data alive until then.
    zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    if (source == nullptr || zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8) < 0) {
      if (source != nullptr) zip_source_free(source);
      zip_discard(archive);
      throw std::runtime_error("cannot add zip fixture entry " + name);
    }
  }
  if (zip_close(archive) != 0) {
    zip_discard(archive);
    throw std::runtime_error("cannot write zip fixture");
  }
}

namespace {
std::string hex(const std::string& bytes, const char* digits) {
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}
}  // namespace

std::string hexLower(const std::string& bytes) { return hex(bytes, "0123456789abcdef"); }
std::string hexUpper(const std::string& bytes) { return hex(bytes, "0123456789ABCDEF"); }

RunningExport startExportUntilUnderWay(const std::filesystem::path& dir, char key_byte) {
  namespace fs = std::filesystem;
  RunningExport run;
  run.input = dir / "bench";
  run.out = dir / "OUT";
  run.key = dir / "test.key";
  sample_cache::copyTo(run.input, "bench-small", 1000);
  scanshare_test::writeAll(run.key, std::string(32, key_byte));
  run.input_before = fingerprint(run.input);
  run.argv = {SCANSHARE_CLI, "anonymize", run.input.string(), "-o", run.out.string(), "--key", run.key.string(),
              "--jobs", "1"};
  run.pid = child::start(run.argv, dir / "run1.out", dir / "run1.err");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (!run.under_way && std::chrono::steady_clock::now() < deadline) {
    for (const fs::path& p : leftovers(dir, "OUT"))
      if (fs::is_directory(p) && countRegularFiles(p) >= 20) run.under_way = true;
    if (!run.under_way) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return run;
}

}  // namespace faults
