#include "sample_support.h"

#include <gtest/gtest.h>
#include <iconv.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace sample_test {

std::vector<std::string> Generated::files() const {
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file()) out.push_back(entry.path().lexically_relative(root).generic_string());
  std::sort(out.begin(), out.end());
  return out;
}

std::set<std::string> Generated::listed(const char* key) const {
  std::set<std::string> out;
  for (const auto& value : manifest.at(key)) out.insert(value.get<std::string>());
  return out;
}

std::vector<std::string> Generated::dicomFiles() const {
  std::set<std::string> excluded = listed("non_dicom_files");
  for (const char* key : {"truncated_files", "corrupt_files"})
    for (const auto& f : listed(key)) excluded.insert(f);
  std::vector<std::string> out;
  for (const auto& f : files())
    if (!excluded.count(f)) out.push_back(f);
  return out;
}

std::vector<std::string> argumentsFor(const std::string& variant) {
  if (variant == "bench-large") return {"--count", "12", "--size", "96"};
  if (variant == "bench-small") return {"--count", "40"};
  return {};
}

int runGenerator(const std::string& arguments) {
  const std::string command = std::string("\"") + SCANSHARE_MAKE_SAMPLE + "\" " + arguments + " 2>/dev/null";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

Generated generate(const std::string& variant, const std::string& label) {
  Generated g;
  const fs::path base = fs::path(SCANSHARE_TEST_WORK_DIR) / "sample" / label;
  fs::remove_all(base);
  fs::create_directories(base);
  g.root = base / "media";
  g.manifestPath = base / "manifest.json";
  std::string arguments = "--variant " + variant + " --out \"" + g.root.string() + "\" --manifest \"" +
                          g.manifestPath.string() + "\"";
  for (const auto& a : argumentsFor(variant)) arguments += " " + a;
  if (runGenerator(arguments) != 0) throw std::runtime_error("generator failed for " + variant);
  std::ifstream in(g.manifestPath);
  g.manifest = nlohmann::json::parse(in);
  return g;
}

std::unique_ptr<DcmFileFormat> load(const fs::path& file) {
  auto format = std::make_unique<DcmFileFormat>();
  if (format->loadFile(file.c_str()).bad()) return nullptr;
  return format;
}

std::string readBytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string stringOf(DcmItem& item, const DcmTagKey& tag) {
  OFString value;
  if (item.findAndGetOFStringArray(tag, value).bad()) return {};
  return value.c_str();
}

std::string encodeWithIconv(const std::string& dicomCharset, const std::string& utf8) {
  const char* target = dicomCharset == "ISO_IR 100" ? "ISO-8859-1"
                       : dicomCharset == "ISO_IR 144" ? "ISO-8859-5"
                       : dicomCharset.empty()          ? "ASCII"
                                                       : "UTF-8";
  iconv_t converter = iconv_open(target, "UTF-8");
  if (converter == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("iconv_open failed");
  std::string input = utf8, output(utf8.size() * 4 + 4, '\0');
  char* in = input.data();
  char* out = output.data();
  std::size_t inLeft = input.size(), outLeft = output.size();
  const std::size_t result = iconv(converter, &in, &inLeft, &out, &outLeft);
  iconv_close(converter);
  if (result == static_cast<std::size_t>(-1)) throw std::runtime_error("not representable: " + utf8);
  output.resize(output.size() - outLeft);
  return output;
}

}  // namespace sample_test
