#include "odd_shapes.h"

#include <cstdint>

namespace pixels_test {
namespace {

SyntheticImage base(int columns, int rows, int frames) {
  SyntheticImage image;
  image.columns = columns;
  image.rows = rows;
  image.frames = frames;
  return image;
}

}  // namespace

SyntheticImage floatParametricMap() {
  SyntheticImage image = base(5, 4, 2);
  image.bits_allocated = image.bits_stored = 32;
  image.modality = "MR";
  for (int i = 0; i < 5 * 4 * 2; ++i) image.float_samples.push_back(-3.25f + 0.5f * static_cast<float>(i));
  return image;
}

SyntheticImage doubleParametricMap() {
  SyntheticImage image = base(3, 2, 1);
  image.bits_allocated = image.bits_stored = 64;
  image.modality = "MR";
  image.double_samples = {-1e5, -0.125, 0.0, 0.375, 12345.5, 1e6};
  return image;
}

SyntheticImage rgb32() {
  SyntheticImage image = base(4, 3, 1);
  image.samples_per_pixel = 3;
  image.photometric = "RGB";
  image.bits_allocated = image.bits_stored = 32;
  for (int i = 0; i < 4 * 3 * 3; ++i) {
    const std::uint32_t k = static_cast<std::uint32_t>((i * 37) % 256);
    image.samples.push_back(static_cast<std::int32_t>(k * 0x01010101u));
  }
  return image;
}

SyntheticImage dose32(bool big_endian) {
  SyntheticImage image = base(6, 5, 2);
  image.modality = "RTDOSE";
  image.bits_allocated = image.bits_stored = 32;
  image.syntax = big_endian ? "explicit-be" : "explicit-le";
  for (int i = 0; i < 6 * 5 * 2; ++i) image.samples.push_back(70000 + 123457 * i);  // high and low halves both vary
  return image;
}

SyntheticImage segmentedPaletteUltrasound() {
  SyntheticImage image = base(16, 8, 1);
  image.modality = "US";
  image.photometric = "PALETTE COLOR";
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 16; ++x) image.samples.push_back((x * 7 + y * 29) % 256);
  image.samples.back() = 255;
  image.samples.front() = 0;
  const std::uint16_t u = 257;  // 8-bit k is 16-bit k * 257
  // red: 0, then a linear ramp to 255 over 255 entries
  image.segmented_red = {0, 1, 0, 1, 255, static_cast<std::uint16_t>(255 * u)};
  // green: 128 discrete entries 255..128, then linear down to 0 over 128 entries
  image.segmented_green = {0, 128};
  for (int k = 0; k < 128; ++k) image.segmented_green.push_back(static_cast<std::uint16_t>((255 - k) * u));
  image.segmented_green.insert(image.segmented_green.end(), {1, 128, 0});
  // blue: 64, up to 192 over 128 entries, down to 65 over 127 entries
  image.segmented_blue = {0, 1, static_cast<std::uint16_t>(64 * u), 1, 128, static_cast<std::uint16_t>(192 * u), 1, 127,
                          static_cast<std::uint16_t>(65 * u)};
  return image;
}

std::vector<std::vector<int>> expectedPalette8() {
  std::vector<std::vector<int>> lut(3, std::vector<int>(256));
  for (int i = 0; i < 256; ++i) {
    lut[0][i] = i;
    lut[1][i] = i < 128 ? 255 - i : 128 - (i - 127);
    lut[2][i] = i <= 128 ? 64 + i : 192 - (i - 128);
  }
  return lut;
}

SyntheticImage jpegLs7Bit() {
  SyntheticImage image = base(9, 7, 2);
  image.bits_allocated = 8;
  image.bits_stored = 7;
  image.syntax = "jpeg-ls";
  for (int i = 0; i < 9 * 7 * 2; ++i) image.samples.push_back((i * 11 + i / 9 * 5) % 128);
  return image;
}

SyntheticImage jpegMultiFrame(int frames) {
  SyntheticImage image = base(24, 16, frames);
  image.modality = "US";
  image.bits_allocated = image.bits_stored = 8;
  image.syntax = "jpeg-lossless";
  image.fragments_per_frame = 3;
  for (int f = 0; f < frames; ++f)
    for (int i = 0; i < 24 * 16; ++i) image.samples.push_back((i * 3 + f * 17 + (i / 24) * (f % 5)) % 256);
  return image;
}

SyntheticImage withoutTransferSyntax(const std::string& syntax) {
  SyntheticImage image = base(8, 6, 1);
  image.syntax = syntax;
  image.omit_transfer_syntax = true;
  for (int i = 0; i < 8 * 6; ++i) image.samples.push_back(1000 + 97 * i);
  return image;
}

std::vector<OddShape> oddShapes() {
  return {{"float-map", floatParametricMap()},
          {"double-map", doubleParametricMap()},
          {"rgb32", rgb32()},
          {"dose32-be", dose32(true)},
          {"segmented-palette", segmentedPaletteUltrasound()},
          {"jpeg-ls-7bit", jpegLs7Bit()},
          {"jpeg-multiframe", jpegMultiFrame(65)},
          {"no-ts-implicit", withoutTransferSyntax("implicit-le")},
          {"no-ts-big-endian", withoutTransferSyntax("explicit-be")}};
}

}  // namespace pixels_test
