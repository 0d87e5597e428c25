// Fuzz target: decode and render pixels of one file (every transfer syntax the pixels module
// handles). Contract: decodeFrame/frameCount/renderFrame throw only imaging::Error; declared sizes
// must not make them allocate without bound (run under -rss_limit_mb / -malloc_limit_mb).
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "imaging/core/error.h"
#include "imaging/pixels/decode.h"
#include "imaging/pixels/render.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz_support::seedWithValidInstance();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = fuzz_support::scratchDir() / "pixels-input.dcm";
  fuzz_support::writeInput(input, data, size);
  int frames = 0;
  try {
    frames = imaging::frameCount(input);
  } catch (const imaging::Error&) {
    return 0;
  }
  for (int index : {0, frames - 1}) {
    if (index < 0) continue;
    try {
      const imaging::Frame frame = imaging::decodeFrame(input, index);
      imaging::RenderOptions options;
      options.max_width = 64;
      options.max_height = 64;
      (void)imaging::renderFrame(frame, options);
    } catch (const imaging::Error&) {
      // Undecodable or damaged: the documented outcome.
    }
    if (frames == 1) break;
  }
  return 0;
}
