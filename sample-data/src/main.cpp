// scanshare-make-sample: writes synthetic patient media for the demo, tests and benchmarks.
// Same arguments, same bytes: nothing depends on the clock, the host or random state.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/oflog/oflog.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <map>

#include "sample_writer.h"
#include "variants.h"

namespace fs = std::filesystem;
using namespace imaging::sample;

namespace {

bool isMissingOrEmptyDirectory(const fs::path& dir) {
  std::error_code error;
  if (!fs::exists(dir, error)) return true;
  return fs::is_directory(dir, error) && fs::is_empty(dir, error);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Writes a deterministic synthetic patient CD (see sample-data/README.md)",
               "scanshare-make-sample"};
  std::string variant;
  fs::path out;
  fs::path manifest;
  int count = 0;
  int size = 0;
  app.add_option("--variant", variant, "demo, multi-charset, free-text, bench-large or bench-small")
      ->required()
      ->check(CLI::IsMember({"demo", "multi-charset", "free-text", "bench-large", "bench-small"}));
  app.add_option("--out", out, "output folder; must not exist or be empty")->required();
  app.add_option("--manifest", manifest, "where to write the JSON manifest (outside the media)");
  app.add_option("--count", count, "bench variants: number of images")->check(CLI::Range(1, 1000000));
  app.add_option("--size", size, "bench-large: rows and columns")->check(CLI::Range(16, 4096));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  if (!isMissingOrEmptyDirectory(out)) {
    std::cerr << "scanshare-make-sample: " << out.string() << ": exists and is not an empty folder\n";
    return 2;
  }
  const fs::path absoluteOut = fs::absolute(out).lexically_normal();
  if (!manifest.empty()) {
    const auto relative = fs::absolute(manifest).lexically_normal().lexically_relative(absoluteOut);
    if (!relative.empty() && *relative.begin() != "..") {
      std::cerr << "scanshare-make-sample: " << manifest.string() << ": the manifest must be outside --out\n";
      return 2;
    }
  }

  OFLog::configure(OFLogger::ERROR_LOG_LEVEL);
  if (!dcmDataDict.isDictionaryLoaded()) {
    std::cerr << "scanshare-make-sample: the DICOM data dictionary is not loaded (set DCMDICTPATH)\n";
    return 2;
  }

  const std::map<std::string, int> codes = {{"demo", 1}, {"multi-charset", 2}, {"bench-large", 3}, {"bench-small", 4}, {"free-text", 5}};
  try {
    fs::create_directories(absoluteOut);
    SampleWriter writer(absoluteOut, variant, codes.at(variant));
    if (variant == "demo") generateDemo(writer);
    else if (variant == "multi-charset") generateMultiCharset(writer);
    else if (variant == "free-text") generateFreeText(writer);
    else if (variant == "bench-large") generateBench(writer, count ? count : 480, size ? size : 512);
    else generateBench(writer, count ? count : 4000, size ? size : 64);
    if (!manifest.empty()) writer.writeManifest(manifest);
  } catch (const std::exception& e) {
    std::cerr << "scanshare-make-sample: " << out.string() << ": " << e.what() << '\n';
    return 2;
  }
  return 0;
}
