#include "imaging/pixels/render.h"

#include <algorithm>
#include <cmath>

#include "imaging/core/error.h"
#include "imaging/pixels/decode.h"

namespace imaging {
namespace {

// The VOI LUT that applies: none when a window was asked for, else the chosen one, else the
// file's first preset when that is a LUT. Colour frames have no VOI LUT.
std::shared_ptr<const VoiLut> chosenLut(const Frame& frame, const RenderOptions& options) {
  if (options.window || !frame.monochrome()) return nullptr;
  if (options.voi_lut) return options.voi_lut;
  if (!frame.presets.empty()) return frame.presets.front().lut;
  return nullptr;
}

// Overlay pixels are drawn after windowing and inversion, so they keep their grey on any window.
void drawOverlay(const Frame& frame, unsigned char value, Rgb8Image& image) {
  const std::size_t pixels = static_cast<std::size_t>(frame.width) * frame.height;
  if (frame.overlay.size() != pixels) return;
  const auto channels = static_cast<std::size_t>(image.channels);
  for (std::size_t i = 0; i < pixels; ++i)
    if (frame.overlay[i])
      for (std::size_t c = 0; c < channels; ++c) image.pixels[i * channels + c] = value;
}

}  // namespace

Window histogramWindow(const Frame& frame, double low_fraction, double high_fraction) {
  if (frame.values.empty()) return {0.0, 1.0};
  // A strided sample is enough for percentiles and keeps this cheap on large frames.
  const std::size_t stride = std::max<std::size_t>(1, frame.values.size() / 65536);
  std::vector<float> sample;
  sample.reserve(frame.values.size() / stride + 1);
  for (std::size_t i = 0; i < frame.values.size(); i += stride) sample.push_back(frame.values[i]);
  auto at = [&](double fraction) {
    const auto k = static_cast<std::size_t>(std::clamp(fraction, 0.0, 1.0) * static_cast<double>(sample.size() - 1));
    std::nth_element(sample.begin(), sample.begin() + static_cast<std::ptrdiff_t>(k), sample.end());
    return static_cast<double>(sample[k]);
  };
  double low = at(low_fraction);
  double high = at(high_fraction);
  if (high <= low) {  // flat or nearly flat: fall back to the full range
    const auto [lo, hi] = frame.range();
    low = lo;
    high = hi;
  }
  const double width = std::max(1.0, high - low);
  return {low + width / 2.0, width};
}

Window automaticWindow(const Frame& frame) {
  if (!frame.presets.empty()) return frame.presets.front().window;
  if (!frame.monochrome()) return {127.5, 256.0};
  return histogramWindow(frame);
}

unsigned char applyWindow(float value, const Window& window) {
  // PS3.3 C.11.2.1.2.1, linear function, output range 0..255.
  const double c = window.center - 0.5;
  const double w = std::max(1.0, window.width) - 1.0;
  const double x = value;
  if (x <= c - w / 2.0) return 0;
  if (x > c + w / 2.0) return 255;
  const double y = ((x - c) / std::max(w, 1e-9) + 0.5) * 255.0;
  return static_cast<unsigned char>(std::clamp(std::lround(y), 0L, 255L));
}

Rgb8Image resize(const Rgb8Image& image, int width, int height) {
  if (width <= 0 || height <= 0) throw Error(ErrorCode::InvalidArgument, "image size must be positive");
  if (width == image.width && height == image.height) return image;
  Rgb8Image out{width, height, image.channels, {}};
  out.pixels.resize(static_cast<std::size_t>(width) * height * image.channels);
  const double sx = static_cast<double>(image.width) / width;
  const double sy = static_cast<double>(image.height) / height;
  for (int y = 0; y < height; ++y) {
    const double fy = std::clamp((y + 0.5) * sy - 0.5, 0.0, image.height - 1.0);
    const int y0 = static_cast<int>(fy);
    const int y1 = std::min(y0 + 1, image.height - 1);
    const double ty = fy - y0;
    for (int x = 0; x < width; ++x) {
      const double fx = std::clamp((x + 0.5) * sx - 0.5, 0.0, image.width - 1.0);
      const int x0 = static_cast<int>(fx);
      const int x1 = std::min(x0 + 1, image.width - 1);
      const double tx = fx - x0;
      for (int c = 0; c < image.channels; ++c) {
        auto px = [&](int xx, int yy) {
          return static_cast<double>(image.pixels[(static_cast<std::size_t>(yy) * image.width + xx) * image.channels + c]);
        };
        const double top = px(x0, y0) * (1 - tx) + px(x1, y0) * tx;
        const double bottom = px(x0, y1) * (1 - tx) + px(x1, y1) * tx;
        out.pixels[(static_cast<std::size_t>(y) * width + x) * image.channels + c] =
            static_cast<unsigned char>(std::lround(top * (1 - ty) + bottom * ty));
      }
    }
  }
  return out;
}

Rgb8Image renderFrame(const Frame& frame, const RenderOptions& options) {
  Rgb8Image image{frame.width, frame.height, frame.samples_per_pixel, {}};
  image.pixels.resize(frame.values.size());
  const Window window = options.window ? *options.window : automaticWindow(frame);
  const bool invert = (frame.monochrome() && frame.monochrome1) != options.invert;
  const std::shared_ptr<const VoiLut> lut = chosenLut(frame, options);
  if (lut) {
    for (std::size_t i = 0; i < frame.values.size(); ++i) image.pixels[i] = lut->map(frame.values[i]);
  } else if (frame.monochrome() || options.window) {
    for (std::size_t i = 0; i < frame.values.size(); ++i) image.pixels[i] = applyWindow(frame.values[i], window);
  } else {
    for (std::size_t i = 0; i < frame.values.size(); ++i)
      image.pixels[i] = static_cast<unsigned char>(std::clamp(frame.values[i], 0.0f, 255.0f));
  }
  if (invert)
    for (auto& p : image.pixels) p = static_cast<unsigned char>(255 - p);
  if (options.overlays) drawOverlay(frame, options.overlay_value, image);

  if (options.max_width > 0 && options.max_height > 0 && frame.width > 0 && frame.height > 0) {
    const double scale = std::min(static_cast<double>(options.max_width) / frame.width,
                                  static_cast<double>(options.max_height) / frame.height);
    const int w = std::max(1, static_cast<int>(std::lround(frame.width * scale)));
    const int h = std::max(1, static_cast<int>(std::lround(frame.height * scale)));
    image = resize(image, w, h);
  }
  return image;
}

Rgb8Image renderFile(const std::filesystem::path& path, int frame_index, const RenderOptions& options) {
  return renderFrame(decodeFrame(path, frame_index), options);
}

}  // namespace imaging
