#pragma once
// verify's own reading of compressed frames (not the engine's jpeg_segments walk): where in a
// JPEG or JPEG 2000 frame free text can ride along with the image. A JPEG frame is read from SOI
// to EOI through its entropy-coded data; a JPEG 2000 codestream's main header and each tile-part
// header are read.
#include <cstdint>
#include <string>

namespace imaging::workflow {

enum class FrameText {
  None,
  JpegSegment,       // COM, APP1..APP13 or APP15 anywhere in the frame; APP0 or APP14 with more
                     // than their defined fields (a thumbnail, an extension, trailing text)
  AfterEndOfImage,   // bytes after EOI that are neither zero padding nor another image
  Jpeg2000Comment,   // a COM segment (FF64) with text in a JPEG 2000 header
};

struct FrameTextSpot {
  FrameText kind = FrameText::None;
  std::uint8_t marker = 0;  // the segment's marker (JpegSegment, Jpeg2000Comment)
};

// frame: one frame's bytes (its fragments joined). A frame that cannot be read to its end is
// read as far as it can be: the engine refuses to write such frames.
FrameTextSpot findFrameText(const std::string& frame);

}  // namespace imaging::workflow
