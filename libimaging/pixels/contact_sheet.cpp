#include "imaging/pixels/contact_sheet.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "imaging/core/error.h"
#include "imaging/pixels/render.h"

namespace imaging {
namespace {

// A 3x5 pixel font for slice numbers; each row is 3 bits, most significant on the left.
struct Glyph {
  char c;
  std::array<unsigned char, 5> rows;
};
constexpr Glyph kGlyphs[] = {
    {'0', {7, 5, 5, 5, 7}}, {'1', {2, 6, 2, 2, 7}}, {'2', {7, 1, 7, 4, 7}}, {'3', {7, 1, 3, 1, 7}},
    {'4', {5, 5, 7, 1, 1}}, {'5', {7, 4, 7, 1, 7}}, {'6', {7, 4, 7, 5, 7}}, {'7', {7, 1, 2, 2, 2}},
    {'8', {7, 5, 7, 5, 7}}, {'9', {7, 5, 7, 1, 7}}, {'/', {1, 1, 2, 4, 4}}, {'-', {0, 0, 7, 0, 0}},
    {' ', {0, 0, 0, 0, 0}}};
constexpr int kScale = 2;                  // glyph pixels are drawn 2x2
constexpr int kAdvance = (3 + 1) * kScale; // glyph plus one blank column
constexpr int kLabelHeight = 5 * kScale + 6;

const Glyph* glyphFor(char c) {
  for (const auto& g : kGlyphs)
    if (g.c == c) return &g;
  return nullptr;
}

void fillPixel(Rgb8Image& image, int x, int y, unsigned char value) {
  if (x < 0 || y < 0 || x >= image.width || y >= image.height) return;
  auto* p = &image.pixels[(static_cast<std::size_t>(y) * image.width + x) * image.channels];
  for (int c = 0; c < image.channels; ++c) p[c] = value;
}

void drawLabel(Rgb8Image& sheet, const std::string& text, int centre_x, int top) {
  int x = centre_x - static_cast<int>(text.size()) * kAdvance / 2;
  for (char ch : text) {
    if (const Glyph* g = glyphFor(ch))
      for (int gy = 0; gy < 5; ++gy)
        for (int gx = 0; gx < 3; ++gx)
          if (g->rows[static_cast<std::size_t>(gy)] & (4 >> gx))
            for (int dy = 0; dy < kScale; ++dy)
              for (int dx = 0; dx < kScale; ++dx) fillPixel(sheet, x + gx * kScale + dx, top + gy * kScale + dy, 255);
    x += kAdvance;
  }
}

Rgb8Image withChannels(const Rgb8Image& image, int channels) {
  if (image.channels == channels) return image;
  Rgb8Image out{image.width, image.height, channels, {}};
  out.pixels.reserve(static_cast<std::size_t>(image.width) * image.height * channels);
  for (std::size_t i = 0; i < static_cast<std::size_t>(image.width) * image.height; ++i) {
    if (channels == 3) {
      out.pixels.insert(out.pixels.end(), 3, image.pixels[i]);
    } else {
      const auto* p = &image.pixels[i * 3];
      out.pixels.push_back(static_cast<unsigned char>((p[0] + p[1] + p[2]) / 3));
    }
  }
  return out;
}

}  // namespace

ContactSheetLayout contactSheetLayout(std::size_t count, const ContactSheetOptions& options) {
  if (count == 0) throw Error(ErrorCode::InvalidArgument, "a contact sheet needs at least one image");
  if (options.tile_size < 8 || options.tile_size > 2048 || options.gap < 0 || options.columns < 0)
    throw Error(ErrorCode::InvalidArgument, "contact sheet: tile size must be 8..2048, gap and columns not negative");
  ContactSheetLayout layout;
  layout.columns = options.columns > 0 ? options.columns
                                       : static_cast<int>(std::ceil(std::sqrt(static_cast<double>(count))));
  layout.columns = std::min<int>(layout.columns, static_cast<int>(count));
  layout.rows = static_cast<int>((count + static_cast<std::size_t>(layout.columns) - 1) / static_cast<std::size_t>(layout.columns));
  layout.gap = options.gap;
  layout.label_height = kLabelHeight;
  layout.cell_width = options.tile_size;
  layout.cell_height = options.tile_size + kLabelHeight;
  layout.width = layout.columns * (layout.cell_width + layout.gap) + layout.gap;
  layout.height = layout.rows * (layout.cell_height + layout.gap) + layout.gap;
  return layout;
}

Rgb8Image makeContactSheet(const std::vector<Rgb8Image>& thumbnails, const std::vector<std::string>& labels,
                           const ContactSheetOptions& options) {
  const ContactSheetLayout layout = contactSheetLayout(thumbnails.size(), options);
  const int channels =
      std::any_of(thumbnails.begin(), thumbnails.end(), [](const Rgb8Image& t) { return t.channels == 3; }) ? 3 : 1;
  Rgb8Image sheet{layout.width, layout.height, channels, {}};
  sheet.pixels.assign(static_cast<std::size_t>(sheet.width) * sheet.height * channels, 24);  // dark gray paper
  for (std::size_t i = 0; i < thumbnails.size(); ++i) {
    Rgb8Image tile = withChannels(thumbnails[i], channels);
    if (tile.width > options.tile_size || tile.height > options.tile_size) {
      const double scale = std::min(static_cast<double>(options.tile_size) / tile.width, static_cast<double>(options.tile_size) / tile.height);
      tile = resize(tile, std::max(1, static_cast<int>(tile.width * scale)), std::max(1, static_cast<int>(tile.height * scale)));
    }
    const int x0 = layout.cellX(i) + centredOffset(options.tile_size, tile.width);
    const int y0 = layout.cellY(i) + centredOffset(options.tile_size, tile.height);
    // Black box behind the thumbnail, so slices with a dark background read as one tile.
    for (int y = 0; y < options.tile_size; ++y)
      for (int x = 0; x < options.tile_size; ++x) fillPixel(sheet, layout.cellX(i) + x, layout.cellY(i) + y, 0);
    const std::size_t row_bytes = static_cast<std::size_t>(tile.width) * channels;
    for (int y = 0; y < tile.height; ++y)
      std::copy_n(tile.pixels.begin() + static_cast<std::ptrdiff_t>(row_bytes * static_cast<std::size_t>(y)), row_bytes,
                  sheet.pixels.begin() + static_cast<std::ptrdiff_t>((static_cast<std::size_t>(y0 + y) * sheet.width + x0) * channels));
    if (i < labels.size())
      drawLabel(sheet, labels[i], layout.cellX(i) + layout.cell_width / 2, layout.cellY(i) + options.tile_size + 3);
  }
  return sheet;
}

}  // namespace imaging
