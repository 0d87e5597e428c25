// Detection: each frame is read twice by OCR, once as rendered with its window (polarity turned
// to dark text on light) and once stretched over its full range with the other polarity, so that
// text outside the window or of the other polarity is not missed. Words found in both are merged.
// Text lines come from layout, not reading: Tesseract's layout lines and the stroke detector's;
// the words read then decide whether a line is harmless (text_lines.cpp).
#include "imaging/ocr/text_detection.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "identifier_match.h"
#include "imaging/core/error.h"
#include "imaging/pixels/decode.h"
#include "imaging/pixels/render.h"
#include "line_reread.h"
#include "ocr_image.h"
#include "stroke_lines.h"
#include "stroke_looks.h"
#include "text_lines.h"
#include "tesseract_engine.h"

namespace imaging {
namespace {

double overlapRatio(const PixelBox& a, const PixelBox& b) {
  const int x0 = std::max(a.x, b.x), y0 = std::max(a.y, b.y);
  const int x1 = std::min(a.x + a.width, b.x + b.width), y1 = std::min(a.y + a.height, b.y + b.height);
  if (x1 <= x0 || y1 <= y0) return 0.0;
  const double shared = static_cast<double>(x1 - x0) * (y1 - y0);
  const double smaller = std::min(static_cast<double>(a.width) * a.height, static_cast<double>(b.width) * b.height);
  return smaller > 0 ? shared / smaller : 0.0;
}

// On the same text line (vertical overlap of half the height) and at most about two character
// heights apart.
bool besideOnLine(const PixelBox& a, const PixelBox& b) {
  const int overlap = std::min(a.y + a.height, b.y + b.height) - std::max(a.y, b.y);
  if (overlap * 2 < std::min(a.height, b.height)) return false;
  const int gap = std::max(a.x, b.x) - std::min(a.x + a.width, b.x + b.width);
  return gap <= 2 * std::max(a.height, b.height);
}

constexpr int kMinCharHeight = 5;
// Text lines of burned-in text: from small print to large titles. Tesseract's layout sometimes
// calls a whole blacked-out frame one "line".
constexpr int kMinLineHeight = 6, kMaxLineHeight = 100;
// Lines read a second time, alone (line_reread.cpp), per frame at most.
constexpr int kMaxRereads = 16;

// Below this a word next to an identifying one is taken as a misread part of it.
constexpr float kUnsureConfidence = 50.0f;

// A box of the upscaled image in frame pixels, clipped to the frame.
PixelBox toFrame(const PixelBox& box, int factor, const Rgb8Image& frame) {
  const int x0 = std::max(0, box.x / factor), y0 = std::max(0, box.y / factor);
  const int x1 = std::min(frame.width, (box.x + box.width + factor - 1) / factor);
  const int y1 = std::min(frame.height, (box.y + box.height + factor - 1) / factor);
  if (x1 <= x0 || y1 <= y0) return {};
  return {x0, y0, x1 - x0, y1 - y0};
}

// OCR of one prepared gray image; boxes mapped back to the frame's pixel grid.
void readVariant(const Rgb8Image& prepared, int factor, const std::vector<std::string>& terms,
                 const DetectTextOptions& options, int frame_index, std::vector<RecognizedWord>& out,
                 std::vector<PixelBox>& layout_lines) {
  const Rgb8Image scaled = factor > 1 ? resize(prepared, prepared.width * factor, prepared.height * factor) : prepared;
  const int margin = ocr_detail::kOcrMargin;
  std::vector<std::pair<RecognizedWord, int>> read;  // word, letters and digits in it
  std::vector<PixelBox> lines;
  for (ocr_detail::RawWord raw : ocr_detail::recognize(ocr_detail::withMargin(scaled, margin), &lines)) {
    raw.box.x -= margin;
    raw.box.y -= margin;
    raw.line.x -= margin;
    raw.line.y -= margin;
    const int alnum = ocr_detail::alphanumericCount(raw.text);
    if (alnum == 0) continue;  // rules, speckle, punctuation
    RecognizedWord word;
    word.frame_index = frame_index;
    word.text = raw.text;
    word.confidence = raw.confidence;
    word.kind = classifyWord(raw.text, terms);
    word.box = toFrame(raw.box, factor, prepared);
    word.line = toFrame(raw.line, factor, prepared);
    if (word.box.empty()) continue;
    if (word.line.empty()) word.line = word.box;
    read.push_back({std::move(word), alnum});
  }
  for (PixelBox line : lines) {
    line.x -= margin;
    line.y -= margin;
    line = toFrame(line, factor, prepared);
    if (!line.empty()) layout_lines.push_back(line);
  }
  // Unsure words right beside an identifying word are most likely the rest of it, misread
  // ("QX77" before "30152"): they count as identifying, so that redaction covers them too.
  for (std::size_t pass = 0; pass < 2; ++pass)
    for (auto& [word, alnum] : read)
      if (word.kind != WordKind::Identifying && word.confidence < kUnsureConfidence &&
          std::any_of(read.begin(), read.end(), [&word = word](const auto& other) {
            return other.first.kind == WordKind::Identifying && besideOnLine(word.box, other.first.box);
          }))
        word.kind = WordKind::Identifying;
  for (auto& [word, alnum] : read) {
    if (word.kind == WordKind::Identifying && word.confidence < options.identifying_min_confidence) continue;
    if (word.kind != WordKind::Identifying && word.confidence < options.min_confidence) continue;
    // A lone character that is no orientation letter identifies nobody; usually noise.
    if (word.kind == WordKind::Other && alnum < 2) continue;
    // Smaller than any character this module is meant to find (9 pixels high, x-height 5).
    if (word.kind != WordKind::Identifying && word.box.height < kMinCharHeight) continue;
    // Words read into speckle or anatomy: burned-in text is ink of one level on a plain ground.
    if (word.kind != WordKind::Identifying && !ocr_detail::looksLikePlainText(prepared, word.box)) continue;
    out.push_back(std::move(word));
  }
}

int rank(WordKind kind) { return kind == WordKind::Identifying ? 2 : kind == WordKind::Other ? 1 : 0; }

// Keeps one word per place: the more telling kind, then the higher confidence.
std::vector<RecognizedWord> mergeVariants(std::vector<RecognizedWord> words) {
  std::vector<RecognizedWord> kept;
  std::stable_sort(words.begin(), words.end(), [](const RecognizedWord& a, const RecognizedWord& b) {
    if (rank(a.kind) != rank(b.kind)) return rank(a.kind) > rank(b.kind);
    return a.confidence > b.confidence;
  });
  for (auto& word : words) {
    const bool duplicate = std::any_of(kept.begin(), kept.end(), [&](const RecognizedWord& k) {
      return k.frame_index == word.frame_index && overlapRatio(k.box, word.box) > 0.6;
    });
    if (!duplicate) kept.push_back(std::move(word));
  }
  std::sort(kept.begin(), kept.end(), [](const RecognizedWord& a, const RecognizedWord& b) {
    if (a.frame_index != b.frame_index) return a.frame_index < b.frame_index;
    if (a.box.y != b.box.y) return a.box.y < b.box.y;
    return a.box.x < b.box.x;
  });
  return kept;
}

struct FrameText {
  std::vector<RecognizedWord> words;
  std::vector<TextLine> lines;
};

bool touches(const PixelBox& a, const PixelBox& b) { return overlapRatio(a, b) > 0.3; }

// Layout lines that hold a word kept, or that the stroke detector saw too (Tesseract's layout
// alone also "finds" lines in speckle), then every line decided.
std::vector<TextLine> linesOf(const std::vector<PixelBox>& layout, const std::vector<TextLine>& strokes,
                              const std::vector<RecognizedWord>& words, int frame_index, int frame_height) {
  std::vector<TextLine> candidates = strokes;
  for (const PixelBox& box : layout) {
    if (box.height < kMinLineHeight || box.height > kMaxLineHeight || box.height * 3 > frame_height) continue;
    // A word of the line's own size read with some confidence (a speck read as "pre" in a
    // character-high layout box is not one).
    const bool has_word = std::any_of(words.begin(), words.end(), [&](const RecognizedWord& w) {
      return touches(w.box, box) && (w.kind == WordKind::Identifying || (w.box.height * 2 >= box.height && w.confidence >= 50.0f));
    });
    const bool has_strokes = std::any_of(strokes.begin(), strokes.end(), [&](const TextLine& s) { return touches(s.box, box); });
    if (has_word || has_strokes) candidates.push_back({frame_index, box, false, true, false});
  }
  return ocr_detail::decideLines(candidates, words);
}

// The pixels of the regions the options say were blacked out in this frame.
std::vector<unsigned char> ignoredPixels(const DetectTextOptions& options, int frame_index, int width, int height) {
  std::vector<unsigned char> mask;
  std::vector<PixelBox> boxes = options.ignore_every_frame;
  if (auto it = options.ignore_regions.find(frame_index); it != options.ignore_regions.end())
    boxes.insert(boxes.end(), it->second.begin(), it->second.end());
  if (boxes.empty()) return mask;
  mask.assign(static_cast<std::size_t>(width) * height, 0);
  for (const PixelBox& b : boxes)
    for (int y = std::max(0, b.y); y < std::min(height, b.y + b.height); ++y)
      for (int x = std::max(0, b.x); x < std::min(width, b.x + b.width); ++x) mask[static_cast<std::size_t>(y) * width + x] = 1;
  return mask;
}

// Every look of the stroke detector, each across and down the frame (stroke_looks.h); the gray
// looks also at half size, for huge text.
std::vector<TextLine> strokesOf(const Rgb8Image& windowed, const std::optional<Rgb8Image>& stretched,
                                const DetectTextOptions& options, int frame_index) {
  const std::vector<unsigned char> ignored = ignoredPixels(options, frame_index, windowed.width, windowed.height);
  const std::vector<unsigned char>* ignore = ignored.empty() ? nullptr : &ignored;
  std::vector<TextLine> lines;
  auto add = [&](const Rgb8Image& picture, const ocr_detail::StrokeLook& base, const ocr_detail::LineFinder& find,
                 bool huge_too) {
    for (const ocr_detail::StrokeLine& found : ocr_detail::linesEveryWay(picture, ignore, base, find, huge_too))
      lines.push_back({frame_index, found.box, false, false, true, found.vertical});
  };
  const ocr_detail::LineFinder strokes = [](const Rgb8Image& picture, const std::vector<unsigned char>* absent,
                                            const ocr_detail::StrokeLook& look) {
    return ocr_detail::strokeTextLines(picture, look, absent);
  };
  const Rgb8Image gray = ocr_detail::toGray(windowed);
  add(gray, {}, strokes, true);
  // Text drawn at full brightness (or full black) over speckle: its anti-aliased strokes are no
  // flat zones in the speckle, but the pixels near the extreme are few and are the text. For
  // monochrome, on the full range (a percentile window would saturate the speckle's peaks).
  const Rgb8Image full = stretched ? ocr_detail::toGray(*stretched) : gray;
  for (bool bright : {true, false}) {
    const Rgb8Image extreme = ocr_detail::extremePixels(full, bright);
    if (extreme.pixels.empty()) continue;
    add(extreme, {},
        [](const Rgb8Image& picture, const std::vector<unsigned char>* absent, const ocr_detail::StrokeLook& look) {
          return ocr_detail::standingAlone(picture, ocr_detail::strokeTextLines(picture, look, absent));
        },
        false);
  }
  if (windowed.channels == 3)
    add(ocr_detail::chroma(windowed), {1}, strokes, false);
  if (stretched) add(full, {}, strokes, true);
  return ocr_detail::withoutColumnsOfRows(std::move(lines));
}

// windowed: the frame as a person sees it; stretched: the full value range (optional).
FrameText recognizeVariants(const Rgb8Image& windowed, const std::optional<Rgb8Image>& stretched,
                            const std::vector<std::string>& terms, const DetectTextOptions& options, int frame_index) {
  std::vector<RecognizedWord> words;
  std::vector<PixelBox> layout;
  Rgb8Image first = ocr_detail::toGray(windowed);
  const int factor = ocr_detail::upscaleFactor(options.upscale, first.width, first.height);
  const bool mostly_dark = ocr_detail::meanValue(first) < 128.0;
  if (mostly_dark) ocr_detail::invert(first);
  // Native size reads console fonts (caps 10-20 pixels) best; the upscaled second look finds
  // small text. Without the second look, the one look is upscaled.
  readVariant(first, options.second_variant ? 1 : factor, terms, options, frame_index, words, layout);
  if (options.second_variant) {
    Rgb8Image second = ocr_detail::toGray(stretched ? *stretched : windowed);
    ocr_detail::stretch(second);
    if (!mostly_dark) ocr_detail::invert(second);
    readVariant(second, factor, terms, options, frame_index, words, layout);
  }
  FrameText text;
  const std::vector<TextLine> strokes = strokesOf(windowed, stretched, options, frame_index);
  text.words = mergeVariants(std::move(words));
  text.lines = linesOf(layout, strokes, text.words, frame_index, first.height);
  // Lines not shown harmless by the page read are read once more, alone and enlarged: the page
  // read skips short marks and small print that a focused read gets.
  std::vector<RecognizedWord> more = text.words;
  int rereads = 0;
  for (const TextLine& line : text.lines) {
    // Lines running down the frame are not read: OCR reads across (they stay text).
    if (line.harmless || line.vertical || line.box.height < kMinLineHeight || line.box.height > kMaxLineHeight) continue;
    if (++rereads > kMaxRereads) break;
    for (RecognizedWord& word : ocr_detail::rereadLine(first, line.box, terms, frame_index)) {
      // No plain-text test here: the line is text already (strokes or layout); the words only
      // decide whether it is harmless or names the patient.
      if (word.kind == WordKind::Other && ocr_detail::alphanumericCount(word.text) < 2) continue;
      more.push_back(std::move(word));
    }
  }
  if (more.size() > text.words.size()) {
    text.words = mergeVariants(std::move(more));
    text.lines = linesOf(layout, strokes, text.words, frame_index, first.height);
  }
  return text;
}

// A frame as a person sees it (windowed) and, for monochrome, stretched over its full range.
struct Looks {
  Rgb8Image windowed;
  std::optional<Rgb8Image> stretched;
};

Looks looksOf(const Frame& decoded, const DetectTextOptions& options) {
  Looks looks;
  looks.windowed = renderFrame(decoded);
  if (options.second_variant && decoded.monochrome()) {
    const auto [low, high] = decoded.range();
    RenderOptions full;
    full.window = Window{(static_cast<double>(low) + high) / 2.0, std::max(1.0, static_cast<double>(high) - low + 1.0)};
    looks.stretched = renderFrame(decoded, full);
  }
  return looks;
}

// Frames read in full beyond the samples, because strokes showed new text in them.
constexpr std::size_t kMaxExtraFrames = 4;

BurnedInVerdict verdictOf(const std::vector<RecognizedWord>& words, const std::vector<TextLine>& lines) {
  BurnedInVerdict verdict = BurnedInVerdict::Clean;
  if (std::any_of(lines.begin(), lines.end(), [](const TextLine& l) { return !l.harmless; })) verdict = BurnedInVerdict::Suspect;
  for (const auto& word : words) {
    if (word.kind == WordKind::Identifying) return BurnedInVerdict::Identifying;
    if (word.kind == WordKind::Other) verdict = BurnedInVerdict::Suspect;
  }
  return verdict;
}

std::vector<int> framesToCheck(int frame, int frame_count, int max_frames, const std::string& where) {
  if (frame != kAllFrames) {
    if (frame < 0 || frame >= frame_count)
      throw Error(ErrorCode::InvalidArgument,
                  "frame " + std::to_string(frame + 1) + " requested, the file has " + std::to_string(frame_count), where);
    return {frame};
  }
  std::vector<int> frames;
  if (max_frames <= 0 || max_frames >= frame_count) {
    for (int i = 0; i < frame_count; ++i) frames.push_back(i);
    return frames;
  }
  // Evenly spaced, first and last included.
  for (int k = 0; k < max_frames; ++k) {
    const int index = max_frames == 1 ? 0 : static_cast<int>(std::lround(k * (frame_count - 1.0) / (max_frames - 1.0)));
    if (frames.empty() || frames.back() != index) frames.push_back(index);
  }
  return frames;
}

}  // namespace

const char* toString(BurnedInVerdict verdict) noexcept {
  switch (verdict) {
    case BurnedInVerdict::Clean: return "clean";
    case BurnedInVerdict::Suspect: return "suspect";
    case BurnedInVerdict::Identifying: return "identifying";
  }
  return "unknown";
}

const char* toString(WordKind kind) noexcept {
  switch (kind) {
    case WordKind::Identifying: return "identifying";
    case WordKind::UsualMark: return "mark";
    case WordKind::Other: return "other";
  }
  return "unknown";
}

std::size_t TextDetection::count(WordKind kind) const {
  return static_cast<std::size_t>(
      std::count_if(words.begin(), words.end(), [kind](const RecognizedWord& w) { return w.kind == kind; }));
}

std::size_t TextDetection::unsafeLineCount() const {
  return static_cast<std::size_t>(std::count_if(lines.begin(), lines.end(), [](const TextLine& l) { return !l.harmless; }));
}

std::vector<RecognizedWord> recognizeWords(const Rgb8Image& image, const std::vector<std::string>& identifiers,
                                           const DetectTextOptions& options, int frame_index) {
  if (image.width <= 0 || image.height <= 0 ||
      image.pixels.size() < static_cast<std::size_t>(image.width) * image.height * static_cast<std::size_t>(image.channels))
    throw Error(ErrorCode::InvalidArgument, "image for OCR has no pixels");
  return recognizeVariants(image, std::nullopt, identifyingTerms(identifiers), options, frame_index).words;
}

TextDetection detectText(const std::filesystem::path& path, int frame, const std::vector<std::string>& identifiers,
                         const DetectTextOptions& options) {
  const std::string where = path.string();
  TextDetection detection;
  detection.frame_count = frameCount(path);
  detection.frames_checked = framesToCheck(frame, detection.frame_count, options.max_frames, where);
  const std::vector<std::string> terms = identifyingTerms(identifiers);
  auto read = [&](int index, const Looks& looks) {
    FrameText text = recognizeVariants(looks.windowed, looks.stretched, terms, options, index);
    detection.words.insert(detection.words.end(), text.words.begin(), text.words.end());
    detection.lines.insert(detection.lines.end(), text.lines.begin(), text.lines.end());
  };
  for (int index : detection.frames_checked) read(index, looksOf(decodeFrame(path, index), options));
  detection.frames_scanned = detection.frames_checked;
  // Sampled cine: every other frame is scanned for strokes (cheap), so that text shown in a
  // frame between the samples is found too. Frames with lines the samples did not have are read
  // (the most new text first); past kMaxExtraFrames their new lines are taken as text unread.
  if (frame == kAllFrames && !detection.checkedEveryFrame()) {
    std::vector<std::pair<int, std::vector<TextLine>>> fresh;  // frame, its new lines
    for (int index = 0; index < detection.frame_count; ++index) {
      if (std::find(detection.frames_checked.begin(), detection.frames_checked.end(), index) != detection.frames_checked.end())
        continue;
      const Looks looks = looksOf(decodeFrame(path, index), options);
      std::vector<TextLine> added;
      for (const TextLine& found : strokesOf(looks.windowed, looks.stretched, options, index))
        if (std::none_of(detection.lines.begin(), detection.lines.end(), [&](const TextLine& l) { return touches(l.box, found.box); }))
          added.push_back(found);
      detection.frames_scanned.push_back(index);
      if (!added.empty()) fresh.emplace_back(index, std::move(added));
    }
    auto area = [](const std::vector<TextLine>& lines) {
      long sum = 0;
      for (const TextLine& l : lines) sum += static_cast<long>(l.box.width) * l.box.height;
      return sum;
    };
    std::stable_sort(fresh.begin(), fresh.end(), [&](const auto& a, const auto& b) { return area(a.second) > area(b.second); });
    for (std::size_t k = 0; k < fresh.size(); ++k) {
      const int index = fresh[k].first;
      if (k < kMaxExtraFrames) {
        read(index, looksOf(decodeFrame(path, index), options));
        detection.frames_checked.push_back(index);
      } else {
        detection.lines.insert(detection.lines.end(), fresh[k].second.begin(), fresh[k].second.end());
      }
    }
    std::sort(detection.frames_checked.begin(), detection.frames_checked.end());
    std::sort(detection.frames_scanned.begin(), detection.frames_scanned.end());
  }
  detection.verdict = verdictOf(detection.words, detection.lines);
  return detection;
}

bool onLineOfBox(const TextLine& line, const PixelBox& box) {
  const PixelBox l = line.vertical ? line.box.transposed() : line.box;
  const PixelBox b = line.vertical ? box.transposed() : box;
  const int overlap = std::min(l.y + l.height, b.y + b.height) - std::max(l.y, b.y);
  if (overlap * 2 < std::min(l.height, b.height)) return false;
  const int gap = std::max(l.x, b.x) - std::min(l.x + l.width, b.x + b.width);
  return gap <= 2 * l.height;
}

}  // namespace imaging
