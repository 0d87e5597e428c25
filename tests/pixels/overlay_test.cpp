// Overlay planes (60xx) decoded into the frame's bitmap and drawn by renderFrame.
#include <gtest/gtest.h>

#include "imaging/pixels/decode.h"
#include "imaging/pixels/render.h"
#include "synthetic_dicom.h"

namespace {

constexpr int kWidth = 16;
constexpr int kHeight = 12;

struct Rect {
  int x, y, w, h;
  bool contains(int px, int py) const { return px >= x && px < x + w && py >= y && py < y + h; }
};

// A flat grey image whose window renders it well away from white.
pixels_test::SyntheticImage flatImage(int frames = 1) {
  pixels_test::SyntheticImage image;
  image.columns = kWidth;
  image.rows = kHeight;
  image.frames = frames;
  image.window = std::array<double, 2>{100.0, 400.0};
  image.samples.assign(static_cast<std::size_t>(kWidth) * kHeight * frames, 100);
  return image;
}

// A plane of rows x columns whose set bits form `rect` (in plane coordinates).
std::vector<std::uint8_t> planeBits(int rows, int columns, const Rect& rect) {
  std::vector<std::uint8_t> bits(static_cast<std::size_t>(rows) * columns, 0);
  for (int y = 0; y < rows; ++y)
    for (int x = 0; x < columns; ++x) bits[static_cast<std::size_t>(y) * columns + x] = rect.contains(x, y) ? 1 : 0;
  return bits;
}

// Exactly the pixels inside `rect` (image coordinates) are white; none outside is.
void expectWhiteExactly(const imaging::Rgb8Image& image, const Rect& rect) {
  ASSERT_EQ(image.width, kWidth);
  ASSERT_EQ(image.height, kHeight);
  for (int y = 0; y < kHeight; ++y)
    for (int x = 0; x < kWidth; ++x)
      for (int c = 0; c < image.channels; ++c) {
        const auto value = image.pixels[(static_cast<std::size_t>(y) * kWidth + x) * image.channels + c];
        if (rect.contains(x, y)) EXPECT_EQ(value, 255) << x << "," << y;
        else EXPECT_LT(value, 200) << x << "," << y;
      }
}

std::filesystem::path write(const pixels_test::SyntheticImage& image, const std::string& name) {
  const auto path = pixels_test::freshDir("overlay-" + name) / "image.dcm";
  pixels_test::writeSynthetic(image, path);
  return path;
}

}  // namespace

TEST(PixelOverlay, RectangleIsDrawnExactlyAndNotWhenSwitchedOff) {
  auto image = flatImage();
  const Rect rect{5, 2, 4, 3};
  pixels_test::SyntheticOverlay overlay;
  overlay.rows = kHeight;
  overlay.columns = kWidth;
  overlay.bits = planeBits(kHeight, kWidth, rect);
  image.overlays.push_back(overlay);
  const auto path = write(image, "rect");

  const auto frame = imaging::decodeFrame(path);
  ASSERT_EQ(frame.overlay.size(), static_cast<std::size_t>(kWidth * kHeight));
  expectWhiteExactly(imaging::renderFrame(frame), rect);

  imaging::RenderOptions off;
  off.overlays = false;
  const auto plain = imaging::renderFrame(frame, off);
  for (auto value : plain.pixels) EXPECT_EQ(value, plain.pixels.front());
  EXPECT_LT(plain.pixels.front(), 200);

  imaging::RenderOptions grey;
  grey.overlay_value = 180;
  const auto drawn = imaging::renderFrame(frame, grey);
  EXPECT_EQ(drawn.pixels[2 * kWidth + 5], 180);
  EXPECT_EQ(drawn.pixels[0], plain.pixels[0]);
}

TEST(PixelOverlay, SmallerPlaneIsPlacedAtItsOriginAndClipped) {
  auto image = flatImage();
  pixels_test::SyntheticOverlay overlay;
  overlay.group = 0x6002;
  overlay.rows = 4;
  overlay.columns = 6;
  overlay.origin_row = 3;      // 1-based: image row 2
  overlay.origin_column = 13;  // image columns 12..17, clipped at 15
  overlay.bits.assign(24, 1);
  image.overlays.push_back(overlay);
  expectWhiteExactly(imaging::renderFile(write(image, "origin")), Rect{12, 2, 4, 4});
}

TEST(PixelOverlay, MultiFrameOverlayFollowsImageFrameOrigin) {
  auto image = flatImage(3);
  const Rect first{1, 1, 3, 2};
  const Rect second{8, 6, 5, 4};
  pixels_test::SyntheticOverlay overlay;
  overlay.rows = kHeight;
  overlay.columns = kWidth;
  overlay.frames = 2;
  overlay.frame_origin = 2;  // covers image frames 2 and 3 (1-based)
  overlay.bits = planeBits(kHeight, kWidth, first);
  const auto more = planeBits(kHeight, kWidth, second);
  overlay.bits.insert(overlay.bits.end(), more.begin(), more.end());
  image.overlays.push_back(overlay);
  const auto path = write(image, "multiframe");

  EXPECT_TRUE(imaging::decodeFrame(path, 0).overlay.empty());
  expectWhiteExactly(imaging::renderFile(path, 1), first);
  expectWhiteExactly(imaging::renderFile(path, 2), second);
}

TEST(PixelOverlay, EmbeddedInHighBitsIsReadAndMaskedFromValues) {
  auto image = flatImage(2);
  image.bits_stored = 12;
  const Rect rect{3, 4, 6, 2};
  for (int f = 0; f < 2; ++f)
    for (int y = 0; y < kHeight; ++y)
      for (int x = 0; x < kWidth; ++x)
        if (f == 1 && rect.contains(x, y)) image.samples[(static_cast<std::size_t>(f) * kHeight + y) * kWidth + x] |= 1 << 14;
  pixels_test::SyntheticOverlay overlay;
  overlay.rows = kHeight;
  overlay.columns = kWidth;
  overlay.embedded_bit = 14;
  image.overlays.push_back(overlay);
  const auto path = write(image, "embedded");

  const auto frame = imaging::decodeFrame(path, 1);
  for (float v : frame.values) EXPECT_EQ(v, 100.0f);  // the overlay bit is not part of the value
  expectWhiteExactly(imaging::renderFrame(frame), rect);
  const auto without = imaging::decodeFrame(path, 0).overlay;
  for (auto bit : without) EXPECT_EQ(bit, 0);
}

TEST(PixelOverlay, DrawnOnColourImagesInEveryChannel) {
  pixels_test::SyntheticImage image;
  image.columns = kWidth;
  image.rows = kHeight;
  image.samples_per_pixel = 3;
  image.photometric = "RGB";
  image.bits_allocated = image.bits_stored = 8;
  for (int i = 0; i < kWidth * kHeight; ++i) image.samples.insert(image.samples.end(), {20, 60, 100});
  const Rect rect{0, 0, 2, 12};
  pixels_test::SyntheticOverlay overlay;
  overlay.rows = kHeight;
  overlay.columns = kWidth;
  overlay.bits = planeBits(kHeight, kWidth, rect);
  image.overlays.push_back(overlay);
  expectWhiteExactly(imaging::renderFile(write(image, "colour")), rect);
}

TEST(PixelOverlay, ImageWithoutOverlayHasEmptyBitmap) {
  EXPECT_TRUE(imaging::decodeFrame(write(flatImage(), "none")).overlay.empty());
}
