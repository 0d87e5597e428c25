#include "synthetic_dicom.h"

#include "synthetic_encoding.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace pixels_test {
namespace {

std::string joined(const double* values, int count) {
  std::ostringstream out;
  out.precision(10);
  for (int i = 0; i < count; ++i) out << (i ? "\\" : "") << values[i];
  return out.str();
}

void check(const OFCondition& status, const char* what) {
  if (status.bad()) throw std::runtime_error(std::string(what) + ": " + status.text());
}

void writeLut(const SyntheticLut& lut, DcmItem& item) {
  const Uint16 descriptor[3] = {static_cast<Uint16>(lut.entries.size() == 65536 ? 0 : lut.entries.size()),
                                static_cast<Uint16>(lut.first_mapped), static_cast<Uint16>(lut.bits)};
  check(item.putAndInsertUint16Array(DCM_LUTDescriptor, descriptor, 3), "LUT descriptor");
  check(item.putAndInsertUint16Array(DCM_LUTData, lut.entries.data(), static_cast<unsigned long>(lut.entries.size())),
        "LUT data");
  if (!lut.explanation.empty()) item.putAndInsertString(DCM_LUTExplanation, lut.explanation.c_str());
}

void writeOverlay(const SyntheticOverlay& overlay, DcmDataset& ds) {
  const auto group = static_cast<Uint16>(overlay.group);
  check(ds.putAndInsertUint16(DcmTag(group, 0x0010, EVR_US), static_cast<Uint16>(overlay.rows)), "overlay rows");
  check(ds.putAndInsertUint16(DcmTag(group, 0x0011, EVR_US), static_cast<Uint16>(overlay.columns)), "overlay columns");
  check(ds.putAndInsertString(DcmTag(group, 0x0040, EVR_CS), "G"), "overlay type");
  const Sint16 origin[2] = {static_cast<Sint16>(overlay.origin_row), static_cast<Sint16>(overlay.origin_column)};
  check(ds.putAndInsertSint16Array(DcmTag(group, 0x0050, EVR_SS), origin, 2), "overlay origin");
  if (overlay.frames > 0)
    check(ds.putAndInsertString(DcmTag(group, 0x0015, EVR_IS), std::to_string(overlay.frames).c_str()), "overlay frames");
  if (overlay.frame_origin > 0)
    check(ds.putAndInsertUint16(DcmTag(group, 0x0051, EVR_US), static_cast<Uint16>(overlay.frame_origin)), "frame origin");
  if (overlay.embedded_bit >= 0 && overlay.bits.empty()) {
    check(ds.putAndInsertUint16(DcmTag(group, 0x0100, EVR_US), 16), "overlay bits allocated");
    check(ds.putAndInsertUint16(DcmTag(group, 0x0102, EVR_US), static_cast<Uint16>(overlay.embedded_bit)), "bit position");
    return;
  }
  check(ds.putAndInsertUint16(DcmTag(group, 0x0100, EVR_US), 1), "overlay bits allocated");
  check(ds.putAndInsertUint16(DcmTag(group, 0x0102, EVR_US), 0), "bit position");
  // Packed little-endian: bit i of the stream is bit (i % 16) of word i / 16.
  std::vector<Uint16> words((overlay.bits.size() + 15) / 16, 0);
  for (std::size_t i = 0; i < overlay.bits.size(); ++i)
    if (overlay.bits[i]) words[i / 16] = static_cast<Uint16>(words[i / 16] | (1u << (i % 16)));
  check(ds.putAndInsertUint16Array(DcmTag(group, 0x3000, EVR_OW), words.data(), static_cast<unsigned long>(words.size())),
        "overlay data");
}

void writeEnhancedGeometry(const SyntheticImage& image, DcmDataset& ds) {
  ds.putAndInsertString(DCM_SOPClassUID, UID_EnhancedMRImageStorage);
  DcmItem* shared = nullptr;
  check(ds.findOrCreateSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, 0), "shared groups");
  DcmItem* item = nullptr;
  if (image.orientation) {
    check(shared->findOrCreateSequenceItem(DCM_PlaneOrientationSequence, item, 0), "plane orientation");
    item->putAndInsertString(DCM_ImageOrientationPatient, joined(image.orientation->data(), 6).c_str());
  }
  if (image.pixel_spacing) {
    check(shared->findOrCreateSequenceItem(DCM_PixelMeasuresSequence, item, 0), "pixel measures");
    item->putAndInsertString(DCM_PixelSpacing, joined(image.pixel_spacing->data(), 2).c_str());
  }
  for (const auto& position : image.frame_positions) {
    DcmItem* frame = nullptr;
    check(ds.findOrCreateSequenceItem(DCM_PerFrameFunctionalGroupsSequence, frame, -2), "per-frame groups");
    check(frame->findOrCreateSequenceItem(DCM_PlanePositionSequence, item, 0), "plane position");
    item->putAndInsertString(DCM_ImagePositionPatient, joined(position.data(), 3).c_str());
  }
}

}  // namespace

void writeSynthetic(const SyntheticImage& image, const std::filesystem::path& path) {
  if (!dcmDataDict.isDictionaryLoaded()) throw std::runtime_error("DICOM dictionary not loaded");
  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  static int counter = 0;
  const std::string sop = image.sop_uid.empty() ? "1.2.826.0.1.3680043.10.1000.2." + std::to_string(++counter) : image.sop_uid;
  ds.putAndInsertString(DCM_SOPClassUID, UID_SecondaryCaptureImageStorage);
  ds.putAndInsertString(DCM_SOPInstanceUID, sop.c_str());
  ds.putAndInsertString(DCM_StudyInstanceUID, "1.2.826.0.1.3680043.10.1000.3");
  ds.putAndInsertString(DCM_SeriesInstanceUID, image.series_uid.c_str());
  if (!image.frame_of_reference_uid.empty()) ds.putAndInsertString(DCM_FrameOfReferenceUID, image.frame_of_reference_uid.c_str());
  ds.putAndInsertString(DCM_PatientName, image.patient_name.c_str());
  if (!image.series_description.empty()) ds.putAndInsertString(DCM_SeriesDescription, image.series_description.c_str());
  ds.putAndInsertString(DCM_PatientID, "FIXTURE");
  ds.putAndInsertString(DCM_Modality, image.modality.c_str());
  ds.putAndInsertString(DCM_SeriesNumber, std::to_string(image.series_number).c_str());
  ds.putAndInsertString(DCM_InstanceNumber, std::to_string(image.instance_number).c_str());
  ds.putAndInsertUint16(DCM_Rows, static_cast<Uint16>(image.rows));
  ds.putAndInsertUint16(DCM_Columns, static_cast<Uint16>(image.columns));
  ds.putAndInsertUint16(DCM_SamplesPerPixel, static_cast<Uint16>(image.samples_per_pixel));
  ds.putAndInsertString(DCM_PhotometricInterpretation, image.photometric.c_str());
  ds.putAndInsertUint16(DCM_BitsAllocated, static_cast<Uint16>(image.bits_allocated));
  ds.putAndInsertUint16(DCM_BitsStored, static_cast<Uint16>(image.bits_stored));
  ds.putAndInsertUint16(DCM_HighBit, static_cast<Uint16>(image.bits_stored - 1));
  ds.putAndInsertUint16(DCM_PixelRepresentation, image.is_signed ? 1 : 0);
  if (image.samples_per_pixel > 1)
    ds.putAndInsertUint16(DCM_PlanarConfiguration, static_cast<Uint16>(image.planar_configuration));
  if (image.frames > 1) ds.putAndInsertString(DCM_NumberOfFrames, std::to_string(image.frames).c_str());
  if (image.rescale_slope) ds.putAndInsertString(DCM_RescaleSlope, joined(&*image.rescale_slope, 1).c_str());
  if (image.rescale_intercept) ds.putAndInsertString(DCM_RescaleIntercept, joined(&*image.rescale_intercept, 1).c_str());
  if (image.rescale_slope || image.rescale_intercept) ds.putAndInsertString(DCM_RescaleType, "US");
  if (image.window) {
    ds.putAndInsertString(DCM_WindowCenter, joined(&(*image.window)[0], 1).c_str());
    ds.putAndInsertString(DCM_WindowWidth, joined(&(*image.window)[1], 1).c_str());
  }
  if (!image.frame_positions.empty()) {
    writeEnhancedGeometry(image, ds);
  } else {
    if (image.position) ds.putAndInsertString(DCM_ImagePositionPatient, joined(image.position->data(), 3).c_str());
    if (image.orientation) ds.putAndInsertString(DCM_ImageOrientationPatient, joined(image.orientation->data(), 6).c_str());
    if (image.pixel_spacing) ds.putAndInsertString(DCM_PixelSpacing, joined(image.pixel_spacing->data(), 2).c_str());
  }
  for (const auto& overlay : image.overlays) writeOverlay(overlay, ds);
  for (const auto& lut : image.voi_luts) {
    DcmItem* item = nullptr;
    check(ds.findOrCreateSequenceItem(DCM_VOILUTSequence, item, -2), "VOI LUT item");
    writeLut(lut, *item);
  }
  if (image.modality_lut) {
    DcmItem* item = nullptr;
    check(ds.findOrCreateSequenceItem(DCM_ModalityLUTSequence, item, -2), "modality LUT item");
    writeLut(*image.modality_lut, *item);
    item->putAndInsertString(DCM_ModalityLUTType, "US");
  }
  if (!image.red.empty()) {
    const Uint16 descriptor[3] = {256, 0, 8};
    const DcmTagKey descriptors[3] = {DCM_RedPaletteColorLookupTableDescriptor, DCM_GreenPaletteColorLookupTableDescriptor,
                                      DCM_BluePaletteColorLookupTableDescriptor};
    const DcmTagKey tables[3] = {DCM_RedPaletteColorLookupTableData, DCM_GreenPaletteColorLookupTableData,
                                 DCM_BluePaletteColorLookupTableData};
    const std::vector<std::uint8_t>* luts[3] = {&image.red, &image.green, &image.blue};
    for (int c = 0; c < 3; ++c) {
      check(ds.putAndInsertUint16Array(descriptors[c], descriptor, 3), "palette descriptor");
      // 8-bit entries are stored in 16-bit words (PS3.3 C.7.6.3.1.6).
      std::vector<Uint16> words(luts[c]->begin(), luts[c]->end());
      check(ds.putAndInsertUint16Array(tables[c], words.data(), static_cast<unsigned long>(words.size())), "palette data");
    }
  }
  detail::writePixels(image, ds);
  detail::saveInSyntax(image, file, path);
}

std::filesystem::path freshDir(const std::string& name) {
  const auto dir = std::filesystem::path(SCANSHARE_TEST_WORK_DIR) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::filesystem::path writeSeries(const std::filesystem::path& dir, int count, int size) {
  std::filesystem::create_directories(dir);
  for (int k = 0; k < count; ++k) {
    SyntheticImage slice;
    slice.rows = slice.columns = size;
    slice.modality = "MR";
    slice.series_uid = "1.2.826.0.1.3680043.10.1000.9";
    slice.instance_number = count - k;  // reversed on purpose
    slice.position = std::array<double, 3>{-50.0, -40.0, 10.0 + 3.0 * k};
    slice.orientation = std::array<double, 6>{1, 0, 0, 0, 1, 0};
    slice.pixel_spacing = std::array<double, 2>{0.5, 0.5};
    slice.window = std::array<double, 2>{600.0, 1200.0};
    const double radius = size * (0.15 + 0.3 * k / std::max(1, count - 1));
    for (int y = 0; y < size; ++y)
      for (int x = 0; x < size; ++x) {
        const double d = std::hypot(x - size / 2.0, y - size / 2.0);
        // a gradient background plus a bright disc; an off-centre marker breaks symmetry
        int v = 100 + 4 * x;
        if (d < radius) v = 600 + 40 * k;
        if (x < size / 8 && y < size / 8) v = 1100;
        slice.samples.push_back(v);
      }
    writeSynthetic(slice, dir / ("slice" + std::to_string(k) + ".dcm"));
  }
  return dir;
}

}  // namespace pixels_test
