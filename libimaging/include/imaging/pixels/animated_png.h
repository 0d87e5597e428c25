#pragma once
// Animated PNG (APNG) export of a sequence of rendered frames, e.g. a series or a cine loop.
// Debian's libpng lacks the APNG extension, so the acTL/fcTL/fdAT chunks are written here (with
// zlib); viewers without APNG support show the first frame, which is an ordinary PNG image.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "imaging/pixels/frame.h"

namespace imaging {

// frames: at least one, all of the first frame's size (gray frames are promoted to RGB when any
// frame is colour). fps: 1..100. Loops forever. Throws Error(InvalidArgument) or Error(Io).
void writeAnimatedPng(const std::vector<Rgb8Image>& frames, const std::filesystem::path& path, int fps);

struct AnimatedPng {
  std::vector<Rgb8Image> frames;
  std::uint32_t declared_frames = 0;  // acTL num_frames
  std::uint32_t plays = 0;            // acTL num_plays (0: forever)
  std::vector<double> delays_s;       // per frame, from fcTL
};

// Reads an 8-bit gray or RGB APNG whose frames all cover the whole image (what writeAnimatedPng
// writes), checking chunk CRCs and sequence numbers. Throws Error(Corrupt/Unsupported/Io).
AnimatedPng readAnimatedPng(const std::filesystem::path& path);

}  // namespace imaging
