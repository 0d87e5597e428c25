#pragma once
// Blacking out regions of the stored pixel data (burned-in text found by detectText, or boxes a
// person gave). The output is the input with only the pixel data replaced, re-encoded lossless as
// explicit VR little endian (the only re-encoding done: compressed input comes out uncompressed).
// BurnedInAnnotation becomes NO only when the re-check of the written output finds no identifying
// word and no text line that is not clearly harmless.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "imaging/ocr/text_detection.h"

namespace imaging {

// Boxes to black out, in image pixel coordinates.
struct RedactionRegions {
  std::map<int, std::vector<PixelBox>> per_frame;  // frame index (from 0) -> boxes in that frame
  std::vector<PixelBox> every_frame;               // boxes for all frames (text found on sampled frames)
  std::vector<PixelBox> manual;                    // a person's boxes (--blackout), for all frames

  bool empty() const;
  std::size_t boxCount() const;
};

enum class RedactScope {
  AllText,         // every word except orientation letters and scale numbers (default policy)
  IdentifyingOnly  // only words that matched an identifying value
};

// The boxes of a detection: each kept word's box, and for identifying words their whole text
// line (OCR often reads the rest of the line, e.g. the ID after the name, too poorly to match it).
// When the detection checked every frame, each frame gets its own words' boxes;
// when it sampled frames, the union of all boxes applies to every frame.
RedactionRegions regionsFromDetection(const TextDetection& detection, RedactScope scope = RedactScope::AllText);

struct RedactedBox;

struct RedactOptions {
  int padding = 4;                        // pixels added on every side of every box
  std::vector<std::string> identifiers;   // the patient's identifying values, for the re-check
  bool recheck = true;                    // OCR the output; false: BurnedInAnnotation is left as it was
  // true: BurnedInAnnotation becomes NO only when the re-check finds no text at all (Clean), not
  // merely no identifying word. Always the case when identifiers is empty.
  bool require_clean = false;
  DetectTextOptions recheck_options;
  // Text the re-check finds away from every region (text the first detection did not see, or
  // saw otherwise: blacking out changes the frame's statistics) is blacked out too, once, and the
  // output checked again. A word still identifying, or a line a region covered only in part,
  // keeps the flag at once. false: any such text keeps the flag.
  bool black_out_new_text = true;
  // Also black out the fixed annotation regions of the file's vendor and model, when the table
  // (imaging/ocr/annotation_rules.h) has an entry for them, in every frame.
  bool vendor_rules = true;
  // When the re-check passes and pixels changed, the same write that sets Burned In Annotation to
  // NO also adds the Clean Pixel Data code (113101) and these De-identification Method values:
  // clean_pixel_method, then region_mark(r) for each region blacked out (empty: none). Nothing
  // reopens the written file to say what was done.
  bool mark_clean_pixel_data = false;
  std::string clean_pixel_method = "Clean Pixel Data (OCR redaction)";
  std::function<std::string(const RedactedBox&)> region_mark;
};

// Why a region was blacked out, for the audit of pixels (report and the image's marks).
enum class RegionOrigin {
  OcrTextLine,       // text found by detection (regionsFromDetection: per_frame, every_frame)
  ManualBlackout,    // RedactionRegions::manual
  VendorAnnotation   // the vendor's fixed banner (annotation_rules.h)
};
// "ocr-text-line", "manual-blackout", "vendor-annotation".
const char* toString(RegionOrigin origin) noexcept;

// One region as it was blacked out: padded and clipped to the image.
struct RedactedBox {
  int frame = -1;                  // frame index from 0; -1: every frame
  PixelBox box;
  RegionOrigin why = RegionOrigin::OcrTextLine;
  std::size_t samples_changed = 0; // stored samples this box changed (0: they were black already)
};

struct RedactionResult {
  int frame_count = 0;
  std::size_t boxes_applied = 0;          // (box, frame) pairs that covered at least one pixel
  std::size_t pixels_blacked = 0;         // pixel positions set, over all frames
  std::size_t samples_changed = 0;        // stored samples whose value changed, and overlay bits cleared (0: output pixels = input's)
  std::string input_transfer_syntax;      // UID of the input's transfer syntax
  bool decompressed = false;              // the input was encapsulated (now native)
  bool rechecked = false;
  TextDetection recheck;                  // what OCR found in the output (when rechecked)
  // Text lines the re-check still detects (not harmless) inside a blacked-out region or on its
  // line: the redaction missed part of a line; the flag stays.
  std::size_t lines_left_at_regions = 0;
  // Text lines the re-check still detects that are not harmless: those at the regions, and those
  // elsewhere of about four characters or more (TextLine::longerThanMark): text no box covers
  // keeps the flag too. After a second round (below): what its re-check found.
  std::size_t lines_left = 0;
  // The first re-check found text away from every region, which was blacked out
  // (RedactOptions::black_out_new_text; listed in applied) and the output checked again.
  bool second_round = false;
  bool burned_in_annotation_cleared = false;  // BurnedInAnnotation was set to NO
  bool clean_pixel_data_marked = false;       // and the marks of RedactOptions::mark_clean_pixel_data written
  std::string vendor_rule;                // name of the annotation rule applied ("" none)
  // Every region blacked out that covers part of the image, once (boxes repeated in one frame
  // scope are listed once), in the order applied.
  std::vector<RedactedBox> applied;
};

// Reads input (any transfer syntax decodeFrame handles), sets every pixel inside the padded boxes
// to black in every frame concerned (MONOCHROME2: the frame's smallest stored value; MONOCHROME1:
// its largest; RGB: 0; YBR_FULL/_422: Y 0, Cb Cr 128; palette colour is converted to RGB first),
// and writes output (explicit VR little endian, written to a temporary file and renamed). All
// other attributes stay as in the input; BurnedInAnnotation is set to NO only when some pixel
// changed and the re-check passes (see RedactOptions), and left as it was otherwise. Boxes are clipped to the image.
// Throws imaging::Error naming the file: InvalidArgument (output == input, negative box size,
// frame index past the end), and decode/IO errors as detectText does. Input is never modified.
RedactionResult redactRegions(const std::filesystem::path& input, const std::filesystem::path& output,
                              const RedactionRegions& regions, const RedactOptions& options = {});

}  // namespace imaging
