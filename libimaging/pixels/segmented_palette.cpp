// Segmented Palette Color Lookup Tables (PS3.3 C.7.9.2), written by some ultrasound devices
// (16-bit entries). The table is a list of segments, each a 16-bit opcode and length:
//   0 discrete: `length` entries follow;
//   1 linear:   one value y1 follows; `length` entries run from the last entry so far (excluded)
//               to y1 (included);
//   2 indirect: a 32-bit byte offset follows (least significant word first); `length` segments
//               are replayed from that offset of the segmented data.
// DCMTK 3.6.7 applies only ordinary palettes, so the segments are expanded into ordinary Red/
// Green/Blue Palette Color Lookup Table Data in the dataset before it draws the image.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "imaging/core/error.h"
#include "own_decoders.h"

namespace imaging::pixels_detail {
namespace {

constexpr std::size_t kMaxEntries = 65536;
constexpr int kMaxIndirection = 4;  // an indirect segment pointing at another: bounded
constexpr std::size_t kMaxSegments = 1 << 20;  // empty segments replayed by indirect ones: bounded

class Expander {
 public:
  Expander(const Uint16* words, std::size_t count, const std::string& path) : words_(words), count_(count), path_(path) {}

  std::vector<Uint16> expand() {
    std::size_t at = 0;
    while (at < count_) at = segment(at, 0);
    return std::move(entries_);
  }

 private:
  [[noreturn]] void malformed(const std::string& why) const {
    throw Error(ErrorCode::Corrupt, "cannot decode: segmented palette " + why, path_);
  }
  Uint16 word(std::size_t at) const {
    if (at >= count_) malformed("ends inside a segment");
    return words_[at];
  }
  void push(Uint16 value) {
    if (entries_.size() >= kMaxEntries) malformed("has more than 65536 entries");
    entries_.push_back(value);
  }

  // Expands the segment at word `at`; returns the index of the word after it.
  std::size_t segment(std::size_t at, int depth) {
    if (++segments_ > kMaxSegments) malformed("has too many segments");
    const Uint16 opcode = word(at);
    const std::size_t length = word(at + 1);
    switch (opcode) {
      case 0:
        for (std::size_t i = 0; i < length; ++i) push(word(at + 2 + i));
        return at + 2 + length;
      case 1: {
        if (entries_.empty()) malformed("starts with a linear segment");
        const double y0 = entries_.back();
        const double y1 = word(at + 2);
        for (std::size_t j = 1; j <= length; ++j)
          push(static_cast<Uint16>(std::lround(y0 + (y1 - y0) * static_cast<double>(j) / static_cast<double>(length))));
        return at + 3;
      }
      case 2: {
        if (depth >= kMaxIndirection) malformed("has nested indirect segments");
        const std::size_t offset = (std::size_t{word(at + 3)} << 16 | word(at + 2)) / 2;  // bytes to words
        std::size_t from = offset;
        for (std::size_t k = 0; k < length; ++k) from = segment(from, depth + 1);
        return at + 4;
      }
      default: malformed("has unknown segment type " + std::to_string(opcode));
    }
  }

  const Uint16* words_;
  std::size_t count_;
  const std::string& path_;
  std::vector<Uint16> entries_;
  std::size_t segments_ = 0;
};

}  // namespace

void expandSegmentedPalettes(DcmDataset& dataset, const std::string& path) {
  const DcmTagKey segmented[3] = {DCM_SegmentedRedPaletteColorLookupTableData,
                                  DCM_SegmentedGreenPaletteColorLookupTableData,
                                  DCM_SegmentedBluePaletteColorLookupTableData};
  const DcmTagKey ordinary[3] = {DCM_RedPaletteColorLookupTableData, DCM_GreenPaletteColorLookupTableData,
                                 DCM_BluePaletteColorLookupTableData};
  const DcmTagKey descriptors[3] = {DCM_RedPaletteColorLookupTableDescriptor, DCM_GreenPaletteColorLookupTableDescriptor,
                                    DCM_BluePaletteColorLookupTableDescriptor};
  for (int c = 0; c < 3; ++c) {
    if (!dataset.tagExists(segmented[c]) || dataset.tagExists(ordinary[c])) continue;
    const Uint16* words = nullptr;
    unsigned long count = 0;
    if (dataset.findAndGetUint16Array(segmented[c], words, &count).bad() || words == nullptr)
      throw Error(ErrorCode::Corrupt, "cannot decode: unreadable segmented palette", path);
    std::vector<Uint16> entries = Expander(words, count, path).expand();
    // The descriptor's entry count (0 meaning 65536) is authoritative: pad with the last entry.
    Uint16 declared = 0;
    std::size_t wanted = entries.size();
    if (dataset.findAndGetUint16(descriptors[c], declared, 0).good()) wanted = declared == 0 ? kMaxEntries : declared;
    if (entries.empty()) throw Error(ErrorCode::Corrupt, "cannot decode: empty segmented palette", path);
    entries.resize(wanted, entries.back());
    if (dataset.putAndInsertUint16Array(ordinary[c], entries.data(), static_cast<unsigned long>(entries.size())).bad())
      throw Error(ErrorCode::Internal, "cannot expand the segmented palette", path);
    dataset.findAndDeleteElement(segmented[c]);
  }
}

}  // namespace imaging::pixels_detail
