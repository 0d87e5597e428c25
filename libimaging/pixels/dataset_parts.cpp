// VOI LUT Sequence (PS3.3 C.11.2): each item a table (LUTDescriptor: entries, first mapped value,
// bits per entry; LUTData) mapping modality values to display values. Enhanced multi-frame geometry
// from the functional groups (PS3.3 C.7.6.16).
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <algorithm>

#include "dataset_parts.h"
#include "imaging/core/error.h"
#include "imaging_bridge/dcmtk.h"

namespace imaging::pixels_detail {
namespace {

// LUTDescriptor is US or SS ("xs"); its first-mapped value is signed when the pixels are.
std::optional<std::array<int, 3>> descriptor(DcmItem& item, bool signed_pixels) {
  std::array<int, 3> values{};
  for (unsigned long i = 0; i < 3; ++i) {
    Uint16 u = 0;
    Sint16 s = 0;
    if (item.findAndGetUint16(DCM_LUTDescriptor, u, i).good()) values[i] = u;
    else if (item.findAndGetSint16(DCM_LUTDescriptor, s, i).good()) values[i] = i == 1 ? s : static_cast<Uint16>(s);
    else return std::nullopt;
  }
  if (signed_pixels && values[1] >= 32768) values[1] -= 65536;
  if (values[0] == 0) values[0] = 65536;  // PS3.3 C.11.1.1.1: 0 means 2^16 entries
  return values;
}

}  // namespace

std::vector<WindowPreset> voiLutPresets(DcmDataset& dataset) {
  std::vector<WindowPreset> presets;
  const bool signed_pixels = bridge::getInt(dataset, DCM_PixelRepresentation, 0) == 1;
  for (unsigned long i = 0;; ++i) {
    DcmItem* item = nullptr;
    if (dataset.findAndGetSequenceItem(DCM_VOILUTSequence, item, static_cast<signed long>(i)).bad() || item == nullptr) break;
    const auto desc = descriptor(*item, signed_pixels);
    if (!desc || (*desc)[2] < 1 || (*desc)[2] > 16) continue;
    const Uint16* words = nullptr;
    unsigned long count = 0;
    if (item->findAndGetUint16Array(DCM_LUTData, words, &count).bad() || words == nullptr || count == 0) continue;
    auto lut = std::make_shared<VoiLut>();
    lut->first_mapped = (*desc)[1];
    lut->bits = (*desc)[2];
    const auto entries = static_cast<unsigned long>((*desc)[0]);
    if (lut->bits <= 8 && count * 2 >= entries && count < entries) {
      // 8-bit entries packed two to a word, low byte first.
      for (unsigned long k = 0; k < entries; ++k)
        lut->entries.push_back(static_cast<std::uint16_t>(k % 2 ? words[k / 2] >> 8 : words[k / 2] & 0xFF));
    } else {
      lut->entries.assign(words, words + std::min(count, entries));
    }
    OFString explanation;
    item->findAndGetOFString(DCM_LUTExplanation, explanation);
    lut->explanation = explanation.c_str();
    const double span = static_cast<double>(lut->entries.size());
    WindowPreset preset;
    preset.window = {lut->first_mapped + span / 2.0, std::max(1.0, span)};
    preset.explanation = lut->explanation.empty() ? "VOI LUT " + std::to_string(i + 1) : lut->explanation;
    preset.lut = std::move(lut);
    presets.push_back(std::move(preset));
  }
  return presets;
}

std::vector<FrameGeometry> functionalGroupGeometry(DcmDataset& dataset) {
  DcmItem* shared = nullptr;
  dataset.findAndGetSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, 0);
  DcmSequenceOfItems* per_frame = nullptr;
  dataset.findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, per_frame);
  if (shared == nullptr && per_frame == nullptr) return {};

  auto values = [](DcmItem* group_item, const DcmTagKey& macro, const DcmTagKey& attribute, double* out, unsigned long n) {
    DcmItem* item = nullptr;
    if (group_item == nullptr || group_item->findAndGetSequenceItem(macro, item, 0).bad() || item == nullptr) return false;
    for (unsigned long i = 0; i < n; ++i)
      if (item->findAndGetFloat64(attribute, out[i], i).bad()) return false;
    return true;
  };
  // A per-frame value wins over the shared one (PS3.3 C.7.6.16).
  auto either = [&](DcmItem* frame_item, const DcmTagKey& macro, const DcmTagKey& attribute, double* out, unsigned long n) {
    return values(frame_item, macro, attribute, out, n) || values(shared, macro, attribute, out, n);
  };

  const int frames = std::max(1, bridge::getInt(dataset, DCM_NumberOfFrames, 1));
  std::vector<FrameGeometry> geometry(static_cast<std::size_t>(frames));
  for (int f = 0; f < frames; ++f) {
    DcmItem* frame_item = per_frame != nullptr && static_cast<unsigned long>(f) < per_frame->card() ? per_frame->getItem(static_cast<unsigned long>(f)) : nullptr;
    auto& g = geometry[static_cast<std::size_t>(f)];
    std::array<double, 3> position{};
    if (either(frame_item, DCM_PlanePositionSequence, DCM_ImagePositionPatient, position.data(), 3)) g.position = position;
    std::array<double, 6> orientation{};
    if (either(frame_item, DCM_PlaneOrientationSequence, DCM_ImageOrientationPatient, orientation.data(), 6)) g.orientation = orientation;
    std::array<double, 2> spacing{};
    if (either(frame_item, DCM_PixelMeasuresSequence, DCM_PixelSpacing, spacing.data(), 2)) g.pixel_spacing = spacing;
  }
  return geometry;
}

std::vector<FrameGeometry> functionalGroupGeometry(const std::filesystem::path& path) {
  try {
    auto file = loadLazily(path);
    return functionalGroupGeometry(*file->getDataset());
  } catch (const Error&) {
    return {};
  }
}

}  // namespace imaging::pixels_detail
