// The door is the only way into a file: these checks read the sources, so a new module that calls
// DCMTK's loaders (skipping the structure guard) or leaks DCMTK into a public header fails here.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const fs::path kSource = SCANSHARE_SOURCE_DIR;

std::string readText(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Comments are dropped so that a comment naming loadFile() is not a call.
std::string withoutComments(const std::string& code) {
  static const std::regex line_comment(R"(//[^\n]*)");
  static const std::regex block_comment(R"(/\*[\s\S]*?\*/)");
  return std::regex_replace(std::regex_replace(code, block_comment, " "), line_comment, " ");
}

std::vector<fs::path> sourcesUnder(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const std::string ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".cpp" || ext == ".h" || ext == ".hpp")) files.push_back(entry.path());
  }
  return files;
}

// "file: pattern" for every use of a pattern outside the allowed files.
std::vector<std::string> offenders(const std::vector<fs::path>& roots, const std::vector<std::string>& patterns,
                                   const std::vector<fs::path>& allowed) {
  std::vector<std::string> found;
  for (const auto& root : roots)
    for (const auto& file : sourcesUnder(kSource / root)) {
      bool is_allowed = false;
      for (const auto& a : allowed) is_allowed = is_allowed || file == kSource / a;
      if (is_allowed) continue;
      const std::string code = withoutComments(readText(file));
      for (const auto& pattern : patterns)
        if (std::regex_search(code, std::regex(pattern)))
          found.push_back(fs::relative(file, kSource).string() + ": " + pattern);
    }
  return found;
}

}  // namespace

TEST(DoorSourceCheck, OnlyTheDoorCallsDcmtkFileLoaders) {
  const std::vector<std::string> loaders = {
      R"(\bloadFile\s*\()",  R"(\bloadFileUntilTag\s*\()", R"(\breadUntilTag\s*\()",
      R"(\bDcmInputFileStream\b)", R"(\bDcmInputBufferStream\b)", R"(\bloadAllDataIntoMemory\s*\()",
      // DcmItem/DcmFileFormat::read(stream, xfer, ...): a parse of bytes from somewhere.
      R"(\bread\s*\(\s*\w+\s*,\s*(EXS_|xfer\b))",
      // DicomImage opened by file name parses the file itself.
      R"(\bDicomImage\s*\w*\s*\(\s*[^&)]*c_str\s*\(\))"};
  const auto found = offenders({"libimaging", "app"}, loaders, {"libimaging/bridge/dicom_file.cpp"});
  EXPECT_TRUE(found.empty()) << [&] {
    std::string list;
    for (const auto& f : found) list += "\n  " + f;
    return "DCMTK file loading outside the door (use bridge::DicomFile::open):" + list;
  }();
}

TEST(DoorSourceCheck, TheCheckSeesALoaderWhenThereIsOne) {
  // The checker itself must be able to fail: a file that calls loadFile is found.
  const fs::path probe_dir = fs::path(SCANSHARE_TEST_WORK_DIR) / "door-source-check";
  fs::remove_all(probe_dir);
  fs::create_directories(probe_dir);
  std::ofstream(probe_dir / "probe.cpp") << "// loadFile( in a comment is fine\nvoid f(DcmFileFormat& f) { f.loadFile(\"x\"); }\n";
  const std::string code = withoutComments(readText(probe_dir / "probe.cpp"));
  EXPECT_TRUE(std::regex_search(code, std::regex(R"(\bloadFile\s*\()")));
  EXPECT_EQ(code.find("in a comment"), std::string::npos);
}

TEST(DoorSourceCheck, NoDcmtkInPublicHeadersOrApps) {
  const auto found =
      offenders({"libimaging/include", "app"}, {R"(#\s*include\s*[<"]dcmtk/)", R"(#\s*include\s*[<"]imaging_bridge/)",
                                                R"(\bOFCondition\b)", R"(\bDcm[A-Z]\w+\b)"},
                {});
  EXPECT_TRUE(found.empty()) << [&] {
    std::string list;
    for (const auto& f : found) list += "\n  " + f;
    return "DCMTK reaches a public header or an app:" + list;
  }();
}
