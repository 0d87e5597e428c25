#pragma once
// verify's look at the pixels of an image the export says were redacted (Clean Pixel Data,
// 113101): the burned-in text line detector runs again on the written pixels. Private to the
// workflow module.
#include <filesystem>
#include <string>
#include <vector>

namespace imaging::workflow {

struct PixelTextFinding {
  std::string detail;  // where (frame, box) and why; never the text read
};

// Detects text (OCR and text lines by layout and strokes, frames sampled like redaction's re-check)
// in file. Findings: an identifying word read (identifiers: the source's values; none without
// them), and a text line that is not clearly harmless on the row of a black box (the redaction's
// boxes, found again in the pixels) without lying inside it: what the re-check refuses. The black
// boxes are left out of the stroke detector, as in the re-check. A file that cannot be decoded
// gives one finding.
std::vector<PixelTextFinding> checkRedactedPixels(const std::filesystem::path& file,
                                                  const std::vector<std::string>& identifiers);

}  // namespace imaging::workflow
