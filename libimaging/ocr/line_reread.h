#pragma once
// A second, focused read of one text line: the line cut out with a margin, turned dark on light,
// enlarged to a comfortable height and read as a single line. The page read often skips short
// marks ("15" beside a sector) and small text; read alone they usually come out.
#include <string>
#include <vector>

#include "imaging/ocr/text_detection.h"

namespace imaging::ocr_detail {

// gray: the frame (1 channel, either polarity); line: a line found in it. Words in frame pixels,
// classified against terms, with frame_index set.
std::vector<RecognizedWord> rereadLine(const Rgb8Image& gray, const PixelBox& line, const std::vector<std::string>& terms,
                                       int frame_index);

}  // namespace imaging::ocr_detail
