// scanshare render FILE|FOLDER -o OUT.png|DIR [--frame N] [--window C,W] [--size WxH]
// scanshare render FILE|FOLDER --video OUT.png [--fps N] [--series N] [--window C,W] [--size WxH]
// scanshare render FILE|FOLDER --contact-sheet OUT.png [--columns N] [--tile N] [--series N] [--window C,W]
// A file gives one PNG. A folder, CD or zip gives one PNG per slice (slice-0001.png, ...) in
// position order; with several series, one subfolder per series (series-01/ ...). Names never
// reuse input names, so nothing identifying leaks into them. --video writes an animated PNG of a
// series (slices in position order) or of a multi-frame file's frames, with one window for all;
// --contact-sheet writes one PNG of thumbnails labelled with slice numbers.
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include "cli_common.h"
#include "commands.h"
#include "imaging/core/error.h"
#include "imaging/media/scan.h"
#include "imaging/pixels/animated_png.h"
#include "imaging/pixels/contact_sheet.h"
#include "imaging/pixels/decode.h"
#include "imaging/pixels/png.h"
#include "imaging/pixels/render.h"
#include "imaging/pixels/series_render.h"
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
  std::string video;          // --video OUT.png (animated PNG)
  std::string contact_sheet;  // --contact-sheet OUT.png
  int fps = 10;
  int series = 0;             // 1-based, scan order (as series-NN folders); 0: first with images
  int columns = 0;
  int tile = 128;
  bool no_overlays = false;   // overlay planes (60xx) are drawn unless this is set
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

std::vector<const imaging::Series*> allSeries(const imaging::Inventory& inventory) {
  std::vector<const imaging::Series*> list;
  for (const auto& patient : inventory.patients)
    for (const auto& study : patient.studies)
      for (const auto& series : study.series) list.push_back(&series);
  return list;
}

// Writes every slice of every series; returns the number of slices that failed.
std::size_t renderSeriesTree(const imaging::Inventory& inventory, const fs::path& out_dir,
                             const imaging::RenderOptions& options, std::size_t& written) {
  const std::vector<const imaging::Series*> all_series = allSeries(inventory);
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
        reportError(e);
        ++failed;
      }
    }
  }
  return failed;
}

// The run of slices a video or contact sheet shows: the frames of a single (cine) file, or one
// series of a folder, CD or zip.
std::vector<imaging::SliceRef> slicesToShow(const RenderArgs& args) {
  std::error_code ec;
  if (fs::is_regular_file(args.input, ec) && fs::path(args.input).extension() != ".zip") {
    if (args.series > 1) throw imaging::Error(imaging::ErrorCode::InvalidArgument, "--series needs a folder, CD or zip", args.input);
    return imaging::framesOfFile(args.input);
  }
  const imaging::Inventory inventory = imaging::scan(args.input);
  const auto list = allSeries(inventory);
  if (args.series > 0) {
    if (args.series > static_cast<int>(list.size()))
      throw imaging::Error(imaging::ErrorCode::InvalidArgument,
                           "--series " + std::to_string(args.series) + ": there are " + std::to_string(list.size()) + " series", args.input);
    auto slices = imaging::orderedSlices(*list[static_cast<std::size_t>(args.series - 1)]);
    if (slices.empty()) throw imaging::Error(imaging::ErrorCode::NotFound, "series " + std::to_string(args.series) + " has no images", args.input);
    return slices;
  }
  for (const auto* series : list) {
    auto slices = imaging::orderedSlices(*series);
    if (!slices.empty()) return slices;
  }
  throw imaging::Error(imaging::ErrorCode::NotFound, "no series with images", args.input);
}

int renderVideoOrSheet(const RenderArgs& args, imaging::RenderOptions options) {
  const auto slices = slicesToShow(args);
  std::size_t failed = 0;
  auto report = [&failed](const imaging::Error& e) {
    reportError(e);
    ++failed;
  };
  if (!args.video.empty()) {
    if (args.fps < 1 || args.fps > 100) throw imaging::Error(imaging::ErrorCode::InvalidArgument, "--fps must be 1..100");
    auto rendered = imaging::renderSlices(slices, options, report);
    // Slices of another size than the first are fitted to it: a video has one frame size.
    for (auto& image : rendered.images)
      if (image.width != rendered.images.front().width || image.height != rendered.images.front().height)
        image = imaging::resize(image, rendered.images.front().width, rendered.images.front().height);
    imaging::writeAnimatedPng(rendered.images, args.video, args.fps);
  } else {
    if (args.columns < 0) throw imaging::Error(imaging::ErrorCode::InvalidArgument, "--columns must be positive");
    imaging::ContactSheetOptions sheet;
    sheet.columns = args.columns;
    sheet.tile_size = args.tile;
    options.max_width = options.max_height = args.tile;
    auto rendered = imaging::renderSlices(slices, options, report);
    std::vector<std::string> labels;
    for (std::size_t number : rendered.slice_numbers) labels.push_back(std::to_string(number));
    imaging::writePng(imaging::makeContactSheet(rendered.images, labels, sheet), args.contact_sheet);
  }
  return failed > 0 ? kExitProblems : kExitOk;
}

int runRender(const RenderArgs& args) {
  const int outputs = !args.output.empty() + !args.video.empty() + !args.contact_sheet.empty();
  if (outputs != 1) throw imaging::Error(imaging::ErrorCode::InvalidArgument, "give exactly one of -o, --video, --contact-sheet");
  imaging::RenderOptions options;
  options.window = parseWindow(args.window);
  parseSize(args.size, options);
  options.overlays = !args.no_overlays;
  if (args.frame < 1) throw imaging::Error(imaging::ErrorCode::InvalidArgument, "--frame counts from 1");
  if (args.series < 0) throw imaging::Error(imaging::ErrorCode::InvalidArgument, "--series counts from 1");
  if (!args.video.empty() || !args.contact_sheet.empty()) return renderVideoOrSheet(args, options);

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
  cmd->add_option("-o,--output", args->output, "OUT.png, or a folder for one PNG per slice");
  cmd->add_option("--video", args->video, "animated PNG of a series (position order) or of a multi-frame file");
  cmd->add_option("--contact-sheet", args->contact_sheet, "one PNG with thumbnails of a series, labelled with slice numbers");
  cmd->add_option("--fps", args->fps, "video frames per second (1..100, default 10)");
  cmd->add_option("--series", args->series, "series N (from 1, in scan order) for --video and --contact-sheet; default: the first with images");
  cmd->add_option("--columns", args->columns, "contact sheet columns (default: about square)");
  cmd->add_option("--tile", args->tile, "contact sheet thumbnail size in pixels (8..2048, default 128)");
  cmd->add_option("--frame", args->frame, "frame number of a multi-frame file (from 1)");
  cmd->add_option("--window", args->window, "window CENTER,WIDTH in modality units (default: file preset or auto)");
  cmd->add_option("--size", args->size, "fit inside WIDTHxHEIGHT pixels, keeping the aspect ratio");
  cmd->add_flag("--no-overlays", args->no_overlays, "do not draw the image's overlay planes (60xx)");
  cmd->callback([args, &ctx] {
    try {
      ctx.exit_code = runRender(*args);
    } catch (const imaging::Error& e) {
      ctx.exit_code = reportError(e);
    }
  });
}

}  // namespace scanshare_cli
