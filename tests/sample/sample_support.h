#pragma once
// Runs scanshare-make-sample into a fresh folder per test and reads back what it wrote.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace sample_test {

namespace fs = std::filesystem;

struct Generated {
  fs::path root;
  fs::path manifestPath;
  nlohmann::json manifest;

  // Relative ('/'-separated) paths of every regular file under root, sorted.
  std::vector<std::string> files() const;
  // Files the manifest does not declare broken or non-DICOM (they must parse).
  std::vector<std::string> dicomFiles() const;
  std::set<std::string> listed(const char* key) const;
};

// Small sizes for the bench variants keep the suite fast; demo and multi-charset are fixed.
std::vector<std::string> argumentsFor(const std::string& variant);

// Generates variant into <work>/sample/<label>; fails the test (fatal) if the program fails.
Generated generate(const std::string& variant, const std::string& label);

// Runs the generator with raw arguments; returns its exit status.
int runGenerator(const std::string& arguments);

std::unique_ptr<DcmFileFormat> load(const fs::path& file);  // nullptr when DCMTK fails
std::string readBytes(const fs::path& file);
std::string stringOf(DcmItem& item, const DcmTagKey& tag);

// Encodes UTF-8 text into a DICOM character set with iconv (independent of the generator).
std::string encodeWithIconv(const std::string& dicomCharset, const std::string& utf8);

}  // namespace sample_test
