#pragma once
// PNG export of rendered images (libpng). Throws Error(Io) naming the file on failure.
#include <filesystem>

#include "imaging/pixels/frame.h"

namespace imaging {

void writePng(const Rgb8Image& image, const std::filesystem::path& path);
// Reads an 8-bit gray or RGB PNG (used by tests and tools to check output).
Rgb8Image readPng(const std::filesystem::path& path);

}  // namespace imaging
