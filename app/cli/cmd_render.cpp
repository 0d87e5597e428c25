// scanshare render FILE|FOLDER -o OUT.png|DIR [--frame N] [--window C,W] [--size WxH]
// A file gives one PNG. A folder, CD or zip gives one PNG per slice (slice-0001.png, ...) in
// position order; with several series, one subfolder per series (series-01/ ...). Names never
// reuse input names, so nothing identifying leaks into them.
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include "cli_common.h"
#include "commands.h"
#include "imaging/core/error.h"
#include "imaging/media/scan.h"
#include "imaging/pixels/decode.h"
#include "imaging/pixels/png.h"
#include "imaging/pixels/render.h"
#include "imaging/pixels/volume.h"

namespace scanshare_cli {
namespace {

namespace fs = std::filesystem;

struct RenderArgs {
  std::string input;
  std::string output;
  int frame = 1;  // 1-based on the command line
  std::string window;
  std::string size;
};

std::optional<imaging::Window> parseWindow(const std::string& text) {
  if (text.empty()) return std::nullopt;
  double center = 0, width = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%lf,%lf%c", &center, &width, &extra) != 2 || width < 1)
    throw imaging::Error(imaging::ErrorCode::InvalidArgument, "--window expects CENTER,WIDTH with WIDTH >= 1, got '" + text + "'");
  return imaging::Window{center, width};
}

void parseSize(const std::string& text, imaging::RenderOptions& options) {
  if (text.empty()) return;
  int w = 0, h = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%dx%d%c", &w, &h, &extra) != 2 || w <= 0 || h <= 0 || w > 16384 || h > 16384)
    throw imaging::Error(imaging::ErrorCode::InvalidArgument, "--size expects WIDTHxHEIGHT, got '" + text + "'");
  options.max_width = w;
  options.max_height = h;
}

bool endsWithPng(const std::string& path) {
  return path.size() > 4 && (path.compare(path.size() - 4, 4, ".png") == 0 || path.compare(path.size() - 4, 4, ".PNG") == 0);
}

std::string numbered(const char* prefix, std::size_t n, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s-%0*zu", prefix, digits, n);
  return buf;
}

int renderOneFile(const RenderArgs& args, const imaging::RenderOptions& options) {
  const auto image = imaging::renderFile(args.input, args.frame - 1, options);
  imaging::writePng(image, args.output);
  return kExitOk;
}

// Writes every slice of every series; returns the number of slices that failed.
std::size_t renderSeriesTree(const imaging::Inventory& inventory, const fs::path& out_dir,
                             const imaging::RenderOptions& options, std::size_t& written) {
  std::vector<const imaging::Series*> all_series;
  for (const auto& patient : inventory.patients)
    for (const auto& study : patient.studies)
      for (const auto& series : study.series) all_series.push_back(&series);
  std::size_t failed = 0;
  for (std::size_t s = 0; s < all_series.size(); ++s) {
    const fs::path dir = all_series.size() == 1 ? out_dir : out_dir / numbered("series", s + 1, 2);
    fs::create_directories(dir);
    const auto slices = imaging::orderedSlices(*all_series[s]);
    for (std::size_t k = 0; k < slices.size(); ++k) {
      const fs::path target = dir / (numbered("slice", k + 1, 4) + ".png");
      try {
        imaging::writePng(imaging::renderFile(slices[k].path, slices[k].frame_index, options), target);
        ++written;
      } catch (const imaging::Error& e) {
        printError(e.oneLine());
        ++failed;
      }
    }
  }
  return failed;
}

int runRender(const RenderArgs& args) {
  imaging::RenderOptions options;
  options.window = parseWindow(args.window);
  parseSize(args.size, options);
  if (args.frame < 1) throw imaging::Error(imaging::ErrorCode::InvalidArgument, "--frame counts from 1");

  std::error_code ec;
  if (fs::is_regular_file(args.input, ec) && endsWithPng(args.output) && fs::path(args.input).extension() != ".zip")
    return renderOneFile(args, options);

  const imaging::Inventory inventory = imaging::scan(args.input);
  if (inventory.instanceCount() == 0)
    throw imaging::Error(imaging::ErrorCode::NotFound, "no DICOM images found", args.input);

  if (endsWithPng(args.output)) {
    // One picture of a folder: the middle slice of the first series with images.
    for (const auto& patient : inventory.patients)
      for (const auto& study : patient.studies)
        for (const auto& series : study.series) {
          const auto slices = imaging::orderedSlices(series);
          if (slices.empty()) continue;
          const auto& middle = slices[slices.size() / 2];
          imaging::writePng(imaging::renderFile(middle.path, middle.frame_index, options), args.output);
          return kExitOk;
        }
    throw imaging::Error(imaging::ErrorCode::NotFound, "no series with images", args.input);
  }

  const fs::path out_dir(args.output);
  if (fs::exists(out_dir, ec) && !fs::is_empty(out_dir, ec))
    throw imaging::Error(imaging::ErrorCode::OutputNotEmpty, "output folder is not empty", args.output);
  std::size_t written = 0;
  const std::size_t failed = renderSeriesTree(inventory, out_dir, options, written);
  if (written == 0) return kExitUsage;
  return failed > 0 ? kExitProblems : kExitOk;
}

}  // namespace

void addRenderCommand(CLI::App& root, CommandContext& ctx) {
  auto args = std::make_shared<RenderArgs>();
  auto* cmd = root.add_subcommand("render", "render a frame as PNG, or every slice of a folder/CD/zip into a folder");
  cmd->add_option("input", args->input, "DICOM file, folder, DICOMDIR or zip")->required();
  cmd->add_option("-o,--output", args->output, "OUT.png, or a folder for one PNG per slice")->required();
  cmd->add_option("--frame", args->frame, "frame number of a multi-frame file (from 1)");
  cmd->add_option("--window", args->window, "window CENTER,WIDTH in modality units (default: file preset or auto)");
  cmd->add_option("--size", args->size, "fit inside WIDTHxHEIGHT pixels, keeping the aspect ratio");
  cmd->callback([args, &ctx] {
    try {
      ctx.exit_code = runRender(*args);
    } catch (const imaging::Error& e) {
      printError(e.oneLine());
      ctx.exit_code = kExitUsage;
    }
  });
}

}  // namespace scanshare_cli
