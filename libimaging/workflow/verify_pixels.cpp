#include "verify_pixels.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include "imaging/core/error.h"
#include "imaging/ocr/text_detection.h"
#include "imaging/pixels/decode.h"

namespace imaging::workflow {
namespace {

// Frames sampled for OCR, as redaction's re-check does (the stroke detector still sees the rest).
constexpr int kMaxOcrFrames = 8;

// Whether each pixel holds the black that redaction writes: the frame's smallest value
// (MONOCHROME2), its largest (MONOCHROME1), or RGB 0.
std::vector<std::uint8_t> blackMask(const Frame& frame) {
  const std::size_t n = static_cast<std::size_t>(frame.width) * static_cast<std::size_t>(frame.height);
  std::vector<std::uint8_t> mask(n, 0);
  if (frame.monochrome()) {
    const auto [low, high] = frame.range();
    const float black = frame.monochrome1 ? high : low;
    for (std::size_t i = 0; i < n; ++i) mask[i] = frame.values[i] == black;
    return mask;
  }
  const int spp = frame.samples_per_pixel;
  for (std::size_t i = 0; i < n; ++i) {
    bool black = true;
    for (int c = 0; c < spp; ++c) black = black && frame.values[i * static_cast<std::size_t>(spp) + static_cast<std::size_t>(c)] <= 1.0f;
    mask[i] = black;
  }
  return mask;
}

// Rectangles of black: 4-connected black areas that fill most of their bounding box, at least
// 8 pixels each way (a line with its margin; not a letter's stroke) and smaller than a quarter
// of the frame (a black ground is no box).
std::vector<PixelBox> blackBoxes(const Frame& frame) {
  std::vector<std::uint8_t> mask = blackMask(frame);
  const int w = frame.width, h = frame.height;
  std::vector<PixelBox> boxes;
  std::vector<int> stack;
  for (int start = 0; start < w * h; ++start) {
    if (!mask[static_cast<std::size_t>(start)]) continue;
    int x0 = w, y0 = h, x1 = -1, y1 = -1;
    long count = 0;
    mask[static_cast<std::size_t>(start)] = 0;
    stack.assign(1, start);
    while (!stack.empty()) {
      const int p = stack.back();
      stack.pop_back();
      const int x = p % w, y = p / w;
      ++count;
      x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
      const int next[4] = {x > 0 ? p - 1 : -1, x + 1 < w ? p + 1 : -1, y > 0 ? p - w : -1, y + 1 < h ? p + w : -1};
      for (int q : next)
        if (q >= 0 && mask[static_cast<std::size_t>(q)]) {
          mask[static_cast<std::size_t>(q)] = 0;
          stack.push_back(q);
        }
    }
    const PixelBox box{x0, y0, x1 - x0 + 1, y1 - y0 + 1};
    const long area = static_cast<long>(box.width) * box.height;
    if (box.width >= 8 && box.height >= 8 && count * 10 >= area * 7 && area * 4 < static_cast<long>(w) * h)
      boxes.push_back(box);
  }
  return boxes;
}

bool inside(const PixelBox& inner, const PixelBox& outer) {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width &&
         inner.y + inner.height <= outer.y + outer.height;
}


std::string describeBox(const PixelBox& b) {
  return std::to_string(b.x) + "," + std::to_string(b.y) + " " + std::to_string(b.width) + "x" + std::to_string(b.height);
}

// Identifying words read anywhere: one finding per frame.
void addIdentifyingWords(const TextDetection& detection, const std::string& why, std::vector<PixelTextFinding>& findings) {
  std::vector<int> frames_with_words;
  for (const RecognizedWord& word : detection.words) {
    if (word.kind != WordKind::Identifying) continue;
    if (std::find(frames_with_words.begin(), frames_with_words.end(), word.frame_index) != frames_with_words.end()) continue;
    frames_with_words.push_back(word.frame_index);
    findings.push_back({"an identifying word is read in the pixels (frame " + std::to_string(word.frame_index + 1) +
                            ", line at " + describeBox(word.line) + ")" + why,
                        PixelTextWhy::IdentifyingWord});
  }
}

std::string upperWithoutPadding(const std::string& s) {
  std::string out;
  for (char c : s)
    if (static_cast<unsigned char>(c) > ' ') out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return out;
}

}  // namespace

std::vector<PixelTextFinding> checkRedactedPixels(const std::filesystem::path& file,
                                                  const std::vector<std::string>& identifiers) {
  std::vector<PixelTextFinding> findings;
  try {
    // The boxes redaction blacked out: found in the first and the last frame (boxes of a sampled
    // cine apply to every frame), left out of the stroke detector in every frame.
    DetectTextOptions options;
    options.max_frames = kMaxOcrFrames;
    const int frames = frameCount(file);
    std::vector<int> looked = {0};
    if (frames > 1) looked.push_back(frames - 1);
    for (int f : looked)
      for (const PixelBox& box : blackBoxes(decodeFrame(file, f))) options.ignore_every_frame.push_back(box);
    const TextDetection detection = detectText(file, kAllFrames, identifiers, options);
    addIdentifyingWords(detection, " though the export says they were cleaned (113101)", findings);
    // Lines the re-check refuses: any line not clearly harmless outside the black boxes, across
    // or down the frame. On a box's row it is a line the boxes covered only in part (or text put
    // back beside them); elsewhere, text that no box covers.
    for (const TextLine& line : detection.lines) {
      if (line.harmless) continue;
      const auto& boxes = options.ignore_every_frame;
      if (std::any_of(boxes.begin(), boxes.end(), [&](const PixelBox& box) { return inside(line.box, box); })) continue;
      const bool beside = std::any_of(boxes.begin(), boxes.end(), [&](const PixelBox& box) { return onLineOfBox(line, box); });
      // Away from the boxes, as in the re-check, a line of up to about three characters is a mark at most.
      if (!beside && !line.longerThanMark()) continue;
      findings.push_back({std::string(beside ? "a text line is still detected beside a blacked-out box"
                                             : "a text line that is not clearly harmless is still detected") +
                          " (frame " + std::to_string(line.frame_index + 1) + ", at " + describeBox(line.box) +
                          (line.vertical ? ", running down the frame" : "") +
                          ") though the export says the pixels were cleaned (113101)",
                          beside ? PixelTextWhy::LineBesideBox : PixelTextWhy::LineUncovered});
    }
  } catch (const Error& e) {
    findings.push_back({std::string("the pixels cannot be checked for burned-in text: ") + e.what(), PixelTextWhy::CannotCheck});
  }
  return findings;
}

bool isProjectionXrayImage(const std::string& sop_class_uid, const std::string& modality) {
  // Radiography (1.1.1 and its DX, mammography and intra-oral children), angiography and
  // fluoroscopy (12.x), breast projection (13.1.4/5). Breast tomosynthesis (13.1.3) is a volume.
  static const char* const kClasses[] = {
      "1.2.840.10008.5.1.4.1.1.1",      "1.2.840.10008.5.1.4.1.1.1.1",    "1.2.840.10008.5.1.4.1.1.1.1.1",
      "1.2.840.10008.5.1.4.1.1.1.2",    "1.2.840.10008.5.1.4.1.1.1.2.1",  "1.2.840.10008.5.1.4.1.1.1.3",
      "1.2.840.10008.5.1.4.1.1.1.3.1",  "1.2.840.10008.5.1.4.1.1.12.1",   "1.2.840.10008.5.1.4.1.1.12.1.1",
      "1.2.840.10008.5.1.4.1.1.12.2",   "1.2.840.10008.5.1.4.1.1.12.2.1", "1.2.840.10008.5.1.4.1.1.12.3",
      "1.2.840.10008.5.1.4.1.1.13.1.4", "1.2.840.10008.5.1.4.1.1.13.1.5"};
  static const char* const kModalities[] = {"CR", "DX", "MG", "IO", "PX", "XA", "RF", "DF", "DS", "CF"};
  if (std::any_of(std::begin(kClasses), std::end(kClasses), [&](const char* c) { return sop_class_uid == c; })) return true;
  const std::string m = upperWithoutPadding(modality);
  return std::any_of(std::begin(kModalities), std::end(kModalities), [&](const char* c) { return m == c; });
}

std::vector<PixelTextFinding> checkUnflaggedPixels(const std::filesystem::path& file,
                                                   const std::vector<std::string>& identifiers) {
  std::vector<PixelTextFinding> findings;
  try {
    DetectTextOptions options;
    options.max_frames = kMaxOcrFrames;
    const TextDetection detection = detectText(file, kAllFrames, identifiers, options);
    addIdentifyingWords(detection, " of a projection X-ray not marked as cleaned", findings);
    for (const TextLine& line : detection.lines)
      if (!line.harmless)
        findings.push_back({"a text line other than orientation marks and scales is detected in the pixels of a projection "
                            "X-ray not marked as cleaned (frame " + std::to_string(line.frame_index + 1) + ", at " +
                            describeBox(line.box) + ")",
                          PixelTextWhy::LineUncovered});
  } catch (const Error& e) {
    findings.push_back({std::string("the pixels cannot be screened for burned-in text: ") + e.what(), PixelTextWhy::CannotCheck});
  }
  return findings;
}

}  // namespace imaging::workflow
