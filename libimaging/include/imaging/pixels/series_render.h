#pragma once
// Rendering a run of slices (a series in position order, or the frames of a cine file) with one
// window for all of them, so an exported video or contact sheet does not flicker.
#include <functional>
#include <vector>

#include "imaging/core/error.h"
#include "imaging/pixels/render.h"
#include "imaging/pixels/volume.h"

namespace imaging {

// The window a run of slices is shown with when none is given: the automatic window (file preset,
// else histogram) of the middle slice, the same as the viewer's default.
Window commonWindow(const std::vector<SliceRef>& slices);

// The slices of one file: each frame of a multi-frame (cine) file, or its single frame.
std::vector<SliceRef> framesOfFile(const std::filesystem::path& path);

struct RenderedSlices {
  std::vector<Rgb8Image> images;        // in slice order, only those that rendered
  std::vector<std::size_t> slice_numbers;  // 1-based position of each image in the input run
  Window window;
};

// Renders every slice with options.window (or commonWindow) and options' size. A slice that
// fails is passed to on_failure (when given) and left out; throws Unsupported when none renders.
RenderedSlices renderSlices(const std::vector<SliceRef>& slices, RenderOptions options,
                            const std::function<void(const Error&)>& on_failure = {});

}  // namespace imaging
