#pragma once
// Burned-in text: finds text lines in the pixels of a DICOM image by layout (Tesseract's page
// layout analysis and a stroke detector), reads them with OCR (Tesseract, LSTM, English) and says
// whether they identify the patient; a line that is not read in full as harmless marks counts as text. Each frame is rendered with its window, and once
// more inverted and stretched to its full range, upscaled for small text. Words that equal one of
// the patient's identifying values (name parts, IDs, birth date in common formats; compared
// case-insensitively) make the image Identifying; other text outside the usual orientation letters
// and scale numbers makes it Suspect. See docs/burned-in.md for the method and its limits.
//
// Thread-safe: every thread keeps its own OCR engine (started once per thread, about 0.2 s).
// Nothing identifying is logged; recognised words are only returned to the caller.
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "imaging/pixels/frame.h"

namespace imaging {

// A rectangle in image pixel coordinates (columns, rows; origin top-left).
struct PixelBox {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;

  bool empty() const { return width <= 0 || height <= 0; }
  // This box grown by padding pixels on every side (not clipped).
  PixelBox padded(int padding) const { return {x - padding, y - padding, width + 2 * padding, height + 2 * padding}; }
  // This box with x and y exchanged: where it lies in the transposed frame.
  PixelBox transposed() const { return {y, x, height, width}; }
  bool operator==(const PixelBox& other) const {
    return x == other.x && y == other.y && width == other.width && height == other.height;
  }
};

enum class BurnedInVerdict {
  Clean,        // no text, or only lines of orientation letters, scales and probe names
  Suspect,      // other text (or a text line OCR cannot read) that matches no identifying value
  Identifying   // at least one word equals an identifying value
};
const char* toString(BurnedInVerdict verdict) noexcept;

enum class WordKind {
  Identifying,  // matches an identifying value
  UsualMark,    // orientation letter (L R A P H F S I) or scale number ("10", "2.5cm", "-30dB")
  Other
};
const char* toString(WordKind kind) noexcept;

struct RecognizedWord {
  int frame_index = 0;
  PixelBox box;              // where the word is, in the frame's pixel coordinates
  PixelBox line;             // the whole text line the word was read in (contains box)
  std::string text;          // as recognised (UTF-8); may be identifying: never log it
  float confidence = 0.0f;   // Tesseract's word confidence, 0..100
  WordKind kind = WordKind::Other;
};

// A line of text found by layout (Tesseract's page layout analysis, or the stroke detector:
// ink of one level in pieces of character size, side by side), whether or not OCR could read it.
struct TextLine {
  int frame_index = 0;
  PixelBox box;              // the whole line, in the frame's pixel coordinates
  // Read in full, and every word is an orientation letter, a scale ("10 cm", "-30dB") or a probe
  // name ("L12-5"): kept. Any other line (a word of another kind, or a part that OCR could not
  // read) is blacked out whole.
  bool harmless = false;
  bool from_layout = false;  // Tesseract found it
  bool from_strokes = false; // the stroke detector found it
  // Runs down the frame (a side label rotated 90 degrees, letters stacked): found by the stroke
  // detector on the transposed frame; not read by OCR, so never harmless.
  bool vertical = false;

  // Longer than 3.5 text heights along its direction: about four characters or more, room for a
  // name, an ID or a date. Shorter lines are marks at most ("10 cm", "R") unless a word in them
  // identifies.
  bool longerThanMark() const {
    const int along = vertical ? box.height : box.width, across = vertical ? box.width : box.height;
    return along * 2 > across * 7;
  }
};

// Whether `line` lies on the line of `box`: overlapping it in height by half and at most two line
// heights beside it, or inside it (for a vertical line: the same across its width). Where the
// re-check after redaction and verify both look for text left beside a blacked-out box.
bool onLineOfBox(const TextLine& line, const PixelBox& box);

struct TextDetection {
  BurnedInVerdict verdict = BurnedInVerdict::Clean;
  std::vector<RecognizedWord> words;   // every word kept, frame by frame, top to bottom
  std::vector<TextLine> lines;         // every text line found, frame by frame
  int frame_count = 0;                 // frames in the file
  std::vector<int> frames_checked;     // the frames OCR looked at
  // The frames the stroke detector looked at: every frame when all frames are asked for, also
  // when OCR samples them (a frame with new text is then read too, see max_frames).
  std::vector<int> frames_scanned;

  std::size_t count(WordKind kind) const;
  std::size_t unsafeLineCount() const;  // lines that are not harmless
  bool checkedEveryFrame() const { return static_cast<int>(frames_checked.size()) == frame_count; }
};

struct DetectTextOptions {
  // 0: every frame when all frames are asked for; n > 0: OCR of n frames, evenly spaced (cine
  // loops usually repeat the same overlay in every frame), and the stroke detector on all others:
  // frames where it sees lines the samples lacked are read as well (up to 4, those with the most
  // new text), and the new lines of any further such frame count as text that was not read.
  int max_frames = 0;
  // The frame is read as rendered with its window, at native size (console fonts read best so).
  // second_variant also reads an inverted, full-range stretched copy, upscaled for small text
  // (finds text of the other polarity, outside the window, or tiny); about triples the time.
  bool second_variant = true;
  // Upscale factor of the second look: 0 automatic (3x up to 600 pixels on the long side, 2x up
  // to 1200, else 1x), else 1..4. Applies to the only look when second_variant is false.
  int upscale = 0;
  // Words below this confidence (0..100) are dropped. Low on purpose: a word must also pass a
  // plain-text test (ink of one grey level on a plain ground) unless it matches an identifying
  // value, which rejects what OCR reads into speckle and anatomy far better than confidence.
  float min_confidence = 10.0f;
  float identifying_min_confidence = 10.0f;
  // Regions already blacked out (the re-check after redaction): the stroke detector treats their
  // pixels as absent, so that the edges of a black box in speckle are not taken for text.
  std::map<int, std::vector<PixelBox>> ignore_regions;  // frame index -> boxes
  std::vector<PixelBox> ignore_every_frame;
};

constexpr int kAllFrames = -1;

// OCR of one frame (frame >= 0) or of all frames (kAllFrames, see max_frames) of a DICOM file.
// identifiers: the patient's identifying values as stored (e.g. "DOE^JANE", "KH4471029",
// "19780314"); expanded with identifyingTerms(). Throws imaging::Error naming the file when it
// cannot be decoded (NotFound, NotDicom, Corrupt, Unsupported "cannot decode <syntax>", ...),
// InvalidArgument for a frame past the end, Configuration when Tesseract's English data is missing.
TextDetection detectText(const std::filesystem::path& path, int frame, const std::vector<std::string>& identifiers,
                         const DetectTextOptions& options = {});

// The same for an image already rendered to 8 bits (gray or RGB), e.g. by the viewer; words get
// frame_index. Throws Error(Configuration) when Tesseract cannot start.
std::vector<RecognizedWord> recognizeWords(const Rgb8Image& image, const std::vector<std::string>& identifiers,
                                           const DetectTextOptions& options = {}, int frame_index = 0);

// The words a recognised word is compared with: each value upper-cased; person names split into
// their parts (at ^ = space comma); dates (YYYYMMDD or already formatted) in common written forms
// (YYYYMMDD, YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, DD.MM.YYYY, DD/MM/YYYY, MM/DD/YYYY, DD-MM-YYYY,
// DD-MON-YYYY, DDMONYYYY, MM-DD-YYYY, DD.MM.YY, DD/MM/YY, MM/DD/YY); parts shorter than 2 characters dropped.
std::vector<std::string> identifyingTerms(const std::vector<std::string>& identifiers);

// How a single word is classified against the terms of identifyingTerms().
WordKind classifyWord(const std::string& word, const std::vector<std::string>& terms);

// Where the engine's English model was found ("" when nowhere). Looks at TESSDATA_PREFIX, then
// the Debian/Ubuntu and /usr/local locations.
std::filesystem::path tessdataDirectory();

}  // namespace imaging
