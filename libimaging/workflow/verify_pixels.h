#pragma once
// verify's look at the pixels of an image the export says were redacted (Clean Pixel Data,
// 113101): the burned-in text line detector runs again on the written pixels. Private to the
// workflow module.
#include <filesystem>
#include <string>
#include <vector>

namespace imaging::workflow {

// What was found, for the caller and tests (the detail says it in words).
enum class PixelTextWhy {
  IdentifyingWord,  // a word matching the source's values is read
  LineBesideBox,    // a line not clearly harmless on a black box's row: covered only in part
  LineUncovered,    // a line not clearly harmless that no box's row reaches (across or down the frame)
  CannotCheck       // the pixels cannot be decoded
};

struct PixelTextFinding {
  std::string detail;  // where (frame, box) and why; never the text read
  PixelTextWhy why = PixelTextWhy::LineBesideBox;
};

// Detects text (OCR and text lines by layout and strokes, frames sampled like redaction's re-check)
// in file. Findings: an identifying word read (identifiers: the source's values; none without
// them), and any text line that is not clearly harmless, across or down the frame, that does not
// lie inside a black box (the redaction's boxes, found again in the pixels): what the re-check
// refuses. The black boxes are left out of the stroke detector, as in the re-check. A file that
// cannot be decoded gives one finding.
std::vector<PixelTextFinding> checkRedactedPixels(const std::filesystem::path& file,
                                                  const std::vector<std::string>& identifiers);

// Whether an exported image is a projection X-ray (CR, DX, MG, IO, PX, XA, RF and the retired
// DF, DS, CF; or one of their storage SOP classes): verify's own list, kept apart from the
// export's decision on purpose and compared with it by a test.
bool isProjectionXrayImage(const std::string& sop_class_uid, const std::string& modality);

// Screens a projection X-ray that does not claim cleaned pixels: findings for an identifying word
// read (one per frame) and for every text line that is not clearly harmless (orientation letters,
// scales, probe names), wherever it lies. A file that cannot be decoded gives one finding.
std::vector<PixelTextFinding> checkUnflaggedPixels(const std::filesystem::path& file,
                                                   const std::vector<std::string>& identifiers);

}  // namespace imaging::workflow
