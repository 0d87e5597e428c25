#include "viewer_fixture.h"

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "run.h"
#include "synthetic_dicom.h"

namespace fs = std::filesystem;

namespace viewer_test {

WorkDir::WorkDir(const std::string& prefix) : root(pixels_test::freshDir(prefix + std::to_string(getpid()))) {}

WorkDir::~WorkDir() {
  std::error_code ec;
  fs::remove_all(root, ec);
}

fs::path makeStudy(const fs::path& root) {
#ifdef SCANSHARE_MAKE_SAMPLE
  const std::string command = scanshare_test::quoted(SCANSHARE_MAKE_SAMPLE) + " --variant demo --out " +
                              scanshare_test::quoted((root / "cd").string()) + " >/dev/null 2>&1";
  if (std::system(command.c_str()) == 0) return root / "cd";
#endif
  return pixels_test::writeSeries(root / "series", 16, 128);
}

Bar overlayBar(int slice) { return {8 + 8 * slice, 8, 8, 12}; }

fs::path writeAxialSlices(const fs::path& dir, const std::string& series_uid, int size, int count,
                          const std::function<std::int32_t(int k, int row, int column)>& value,
                          const std::function<void(int k, pixels_test::SyntheticImage&)>& finish) {
  fs::create_directories(dir);
  for (int k = 0; k < count; ++k) {
    pixels_test::SyntheticImage slice;
    slice.rows = slice.columns = size;
    slice.modality = "MR";
    slice.series_uid = series_uid;
    slice.instance_number = k + 1;
    slice.position = std::array<double, 3>{-size / 2.0, -size / 2.0, 2.0 * k};
    slice.orientation = std::array<double, 6>{1, 0, 0, 0, 1, 0};
    slice.pixel_spacing = std::array<double, 2>{1.0, 1.0};
    slice.window = std::array<double, 2>{1000.0, 2000.0};
    for (int r = 0; r < size; ++r)
      for (int c = 0; c < size; ++c) slice.samples.push_back(value(k, r, c));
    if (finish) finish(k, slice);
    pixels_test::writeSynthetic(slice, dir / ("axial" + std::to_string(k) + ".dcm"));
  }
  return dir;
}

fs::path writeAxialSeries(const fs::path& dir, const AxialSeriesOptions& options) {
  const auto disc = [](int k, int y, int x) {
    return static_cast<std::int32_t>(std::hypot(x - 50, y - 60) < 18 + k ? 1200 + 40 * k : 200 + 3 * x);
  };
  return writeAxialSlices(dir, "1.2.826.0.1.3680043.10.1000.77", kAxialSize, kAxialSlices, disc,
                          [&options](int k, pixels_test::SyntheticImage& slice) {
    if (options.overlay_bars) {
      const Bar bar = overlayBar(k);
      pixels_test::SyntheticOverlay overlay;
      overlay.rows = bar.rows;
      overlay.columns = bar.columns;
      overlay.origin_row = bar.row + 1;  // 1-based
      overlay.origin_column = bar.column + 1;
      overlay.bits.assign(static_cast<std::size_t>(bar.rows) * bar.columns, 1);
      slice.overlays.push_back(overlay);
    }
    if (options.v_shaped_voi_lut) {
      pixels_test::SyntheticLut lut;
      lut.bits = 8;
      lut.explanation = "V";
      for (int i = 0; i < 2048; ++i) lut.entries.push_back(static_cast<std::uint16_t>(i < 1024 ? 255 - i / 4 : (i - 1024) / 4));
      slice.voi_luts.push_back(lut);
    }
  });
}

fs::path writeRampCtSeries(const fs::path& dir, const RampCtOptions& options) {
  fs::create_directories(dir);
  for (int k = 0; k < 3; ++k) {
    pixels_test::SyntheticImage slice;
    slice.rows = slice.columns = kRampCtSize;
    slice.modality = "CT";
    slice.series_uid = options.series_uid;
    slice.instance_number = k + 1;
    if (!options.sop_uid_root.empty()) slice.sop_uid = options.sop_uid_root + "." + std::to_string(k + 1);
    slice.position = std::array<double, 3>{0.0, 0.0, 2.0 * k};
    slice.orientation = std::array<double, 6>{1, 0, 0, 0, 1, 0};
    slice.pixel_spacing = std::array<double, 2>{0.5, 0.5};
    slice.rescale_slope = options.rescale_slope;
    slice.rescale_intercept = options.rescale_intercept;
    slice.window = std::array<double, 2>{options.window_center, options.window_width};
    for (int r = 0; r < kRampCtSize; ++r)
      for (int c = 0; c < kRampCtSize; ++c) slice.samples.push_back(1000 + 7 * c + 3 * r + options.slice_step * k);
    pixels_test::writeSynthetic(slice, dir / ("slice" + std::to_string(k) + ".dcm"));
  }
  return dir;
}

ShotFacts readShotFacts(const std::string& output) {
  ShotFacts facts;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("image-rect ", 0) == 0) std::istringstream(line.substr(11)) >> facts.x >> facts.y >> facts.w >> facts.h;
    if (line.rfind("slice ", 0) == 0) facts.slice = line.substr(6);
    if (line.rfind("presentation ", 0) == 0) facts.presentation = line.substr(13);
    if (line.rfind("orientation-letters ", 0) == 0) facts.letters = line.substr(20);
  }
  return facts;
}

}  // namespace viewer_test
