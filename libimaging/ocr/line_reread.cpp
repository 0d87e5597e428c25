#include "line_reread.h"

#include <algorithm>

#include "identifier_match.h"
#include "imaging/pixels/render.h"
#include "ocr_image.h"
#include "stroke_lines.h"
#include "tesseract_engine.h"

namespace imaging::ocr_detail {
namespace {

constexpr int kReadHeight = 32;  // Tesseract reads capitals of about this height best

Rgb8Image crop(const Rgb8Image& gray, const PixelBox& box) {
  Rgb8Image out;
  out.width = box.width;
  out.height = box.height;
  out.channels = 1;
  out.pixels.resize(static_cast<std::size_t>(box.width) * box.height);
  for (int y = 0; y < box.height; ++y)
    std::copy_n(&gray.pixels[static_cast<std::size_t>(box.y + y) * gray.width + box.x], box.width,
                &out.pixels[static_cast<std::size_t>(y) * box.width]);
  return out;
}

// The ground is what the crop's border mostly is: bright ground means dark text already.
bool darkGround(const Rgb8Image& gray) {
  long sum = 0, count = 0;
  for (int x = 0; x < gray.width; ++x, count += 2)
    sum += gray.pixels[static_cast<std::size_t>(x)] + gray.pixels[static_cast<std::size_t>(gray.height - 1) * gray.width + x];
  for (int y = 0; y < gray.height; ++y, count += 2)
    sum += gray.pixels[static_cast<std::size_t>(y) * gray.width] +
           gray.pixels[static_cast<std::size_t>(y) * gray.width + gray.width - 1];
  return count > 0 && sum < 128 * count;
}

// The ink the stroke detector sees in the piece, black on white, the polarity with more ink
// inside the line (box in piece coordinates); empty when there is none. Speckle and gradients
// around the text are gone.
Rgb8Image inkOnly(const Rgb8Image& piece, const PixelBox& box) {
  std::vector<unsigned char> best;
  long best_count = 0;
  for (bool bright : {true, false}) {
    std::vector<unsigned char> mask = inkPixels(piece, bright);
    long count = 0;
    for (int y = box.y; y < box.y + box.height; ++y)
      for (int x = box.x; x < box.x + box.width; ++x) count += mask[static_cast<std::size_t>(y) * piece.width + x];
    if (count > best_count) best_count = count, best = std::move(mask);
  }
  Rgb8Image out;
  if (best_count == 0) return out;
  out = piece;
  for (std::size_t i = 0; i < out.pixels.size(); ++i) out.pixels[i] = best[i] ? 0 : 255;
  return out;
}

std::vector<RawWord> readPiece(Rgb8Image piece, int factor) {
  if (factor > 1) piece = resize(piece, piece.width * factor, piece.height * factor);
  return recognize(withMargin(piece, kOcrMargin), nullptr, true);
}

}  // namespace

std::vector<RecognizedWord> rereadLine(const Rgb8Image& gray, const PixelBox& line, const std::vector<std::string>& terms,
                                       int frame_index) {
  std::vector<RecognizedWord> words;
  if (gray.channels != 1 || line.empty()) return words;
  const int margin = std::max(4, line.height / 2);
  const int x0 = std::max(0, line.x - margin), y0 = std::max(0, line.y - margin);
  const int x1 = std::min(gray.width, line.x + line.width + margin), y1 = std::min(gray.height, line.y + line.height + margin);
  if (x1 <= x0 || y1 <= y0) return words;
  Rgb8Image piece = crop(gray, {x0, y0, x1 - x0, y1 - y0});
  const int factor = std::clamp((kReadHeight + line.height - 1) / std::max(1, line.height), 1, 4);
  // First the ink alone; when that reads nothing, the piece itself, dark on light and stretched.
  std::vector<RawWord> raws;
  if (const Rgb8Image ink = inkOnly(piece, {line.x - x0, line.y - y0, line.width, line.height}); !ink.pixels.empty())
    raws = readPiece(ink, factor);
  if (raws.empty()) {
    if (darkGround(piece)) invert(piece);
    stretch(piece);
    raws = readPiece(piece, factor);
  }
  const int pad = kOcrMargin;
  for (const RawWord& raw : raws) {
    if (alphanumericCount(raw.text) == 0) continue;
    RecognizedWord word;
    word.frame_index = frame_index;
    word.text = raw.text;
    word.confidence = raw.confidence;
    word.kind = classifyWord(raw.text, terms);
    const int bx0 = x0 + std::max(0, raw.box.x - pad) / factor, by0 = y0 + std::max(0, raw.box.y - pad) / factor;
    const int bx1 = x0 + (std::max(0, raw.box.x + raw.box.width - pad) + factor - 1) / factor;
    const int by1 = y0 + (std::max(0, raw.box.y + raw.box.height - pad) + factor - 1) / factor;
    word.box = {bx0, by0, std::min(x1, bx1) - bx0, std::min(y1, by1) - by0};
    word.line = line;
    if (!word.box.empty()) words.push_back(std::move(word));
  }
  return words;
}

}  // namespace imaging::ocr_detail
