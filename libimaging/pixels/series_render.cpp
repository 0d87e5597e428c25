#include "imaging/pixels/series_render.h"

#include "imaging/pixels/decode.h"

namespace imaging {

Window commonWindow(const std::vector<SliceRef>& slices) {
  if (slices.empty()) return {0.0, 1.0};
  // The middle slice usually shows the anatomy; fall back to any slice that decodes.
  const std::size_t middle = slices.size() / 2;
  for (std::size_t step = 0; step < slices.size(); ++step) {
    const std::size_t i = (middle + step) % slices.size();
    try {
      return automaticWindow(decodeFrame(slices[i].path, slices[i].frame_index));
    } catch (const Error&) {
    }
  }
  return {127.5, 256.0};
}

std::vector<SliceRef> framesOfFile(const std::filesystem::path& path) {
  const int count = frameCount(path);
  std::vector<SliceRef> slices;
  for (int f = 0; f < count; ++f) slices.push_back({path, f, static_cast<double>(f), std::nullopt, std::nullopt, std::nullopt});
  return slices;
}

RenderedSlices renderSlices(const std::vector<SliceRef>& slices, RenderOptions options,
                            const std::function<void(const Error&)>& on_failure) {
  RenderedSlices result;
  const bool window_given = options.window.has_value();
  result.window = options.window ? *options.window : commonWindow(slices);
  options.window = result.window;
  for (std::size_t k = 0; k < slices.size(); ++k) {
    try {
      const Frame frame = decodeFrame(slices[k].path, slices[k].frame_index);
      // Colour frames keep their own colours unless a window was asked for.
      RenderOptions own = options;
      if (!frame.monochrome() && !window_given) own.window.reset();
      result.images.push_back(renderFrame(frame, own));
      result.slice_numbers.push_back(k + 1);
    } catch (const Error& e) {
      if (on_failure) on_failure(e);
    }
  }
  if (result.images.empty()) throw Error(ErrorCode::Unsupported, "no slice could be rendered");
  return result;
}

}  // namespace imaging
