#include "burned_in_fixtures.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcrleerg.h>
#include <dcmtk/dcmjpeg/djencode.h>
#include <dcmtk/dcmjpeg/djrploss.h>
#include <dcmtk/dcmdata/dcrlerp.h>
#include <dcmtk/dcmdata/dctk.h>

#include <cmath>
#include <random>
#include <stdexcept>

namespace ocr_test {

Canvas ultrasoundCanvas(int size, int channels, std::uint32_t seed) {
  Canvas canvas(size, size, channels, 0);
  std::mt19937 random(seed);
  std::exponential_distribution<double> speckle(1.0);
  const double apex_x = size / 2.0, apex_y = size * 0.14;
  const double radius = size * 0.82, half_angle = 0.7;
  for (int y = 0; y < size; ++y) {
    for (int x = 0; x < size; ++x) {
      const double dx = x - apex_x, dy = y - apex_y;
      const double r = std::hypot(dx, dy);
      if (dy <= 0 || r > radius || r < size * 0.05 || std::abs(std::atan2(dx, dy)) > half_angle) continue;
      // Speckle over a tissue-like brightness that fades with depth, with a darker "vessel".
      double tissue = 90.0 * (1.0 - 0.5 * r / radius);
      if (std::hypot(dx - size * 0.05, dy - size * 0.45) < size * 0.08) tissue *= 0.25;
      const int v = std::min(200, static_cast<int>(tissue * speckle(random)));
      canvas.set(x, y, static_cast<std::uint8_t>(v));
    }
  }
  // Usual marks: orientation letter and depth scale numbers at the sector's right edge.
  const int scale = size >= 400 ? 2 : 1;
  drawText(canvas, size - 8 * scale * 3, static_cast<int>(apex_y) + 10, "R", scale, 200);
  for (int depth = 1; depth <= 3; ++depth) {
    const int y = static_cast<int>(apex_y + depth * radius / 4.0);
    drawText(canvas, size - 10 * scale * 3, y, std::to_string(depth * 5), scale, 200);
  }
  return canvas;
}

Canvas formCanvas(int width, int height) {
  Canvas canvas(width, height, 1, 238);
  for (int x = 10; x < width - 10; ++x) canvas.set(x, 60, 30);
  return canvas;
}

namespace {

void check(const OFCondition& condition, const std::string& what) {
  if (condition.bad()) throw std::runtime_error("fixture: " + what + ": " + condition.text());
}

}  // namespace

void writeDicom(const std::vector<Canvas>& frames, const std::filesystem::path& path, const DicomOptions& options) {
  if (frames.empty()) throw std::runtime_error("fixture: no frames");
  const Canvas& first = frames.front();
  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  char uid[100];
  check(ds.putAndInsertString(DCM_SOPClassUID, options.sop_class.c_str()), "sop class");
  check(ds.putAndInsertString(DCM_SOPInstanceUID, dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT)), "sop");
  check(ds.putAndInsertString(DCM_StudyInstanceUID, dcmGenerateUniqueIdentifier(uid, SITE_STUDY_UID_ROOT)), "study");
  check(ds.putAndInsertString(DCM_SeriesInstanceUID, dcmGenerateUniqueIdentifier(uid, SITE_SERIES_UID_ROOT)), "series");
  // Already de-identified header, as the pipeline hands it over: only the pixels still identify.
  check(ds.putAndInsertString(DCM_PatientName, "ANON^0001"), "name");
  check(ds.putAndInsertString(DCM_PatientID, "ANON0001"), "id");
  check(ds.putAndInsertString(DCM_Modality, options.modality.c_str()), "modality");
  check(ds.putAndInsertString(DCM_ConversionType, "WSD"), "conversion type");
  check(ds.putAndInsertString(DCM_ImageComments, "ocr fixture"), "comments");
  if (!options.overlay.empty()) {
    const DcmTagKey rows_tag(0x6000, 0x0010), columns_tag(0x6000, 0x0011), type_tag(0x6000, 0x0040),
        origin_tag(0x6000, 0x0050), bits_tag(0x6000, 0x0100), position_tag(0x6000, 0x0102), data_tag(0x6000, 0x3000);
    check(ds.putAndInsertUint16(rows_tag, static_cast<Uint16>(first.height)), "overlay rows");
    check(ds.putAndInsertUint16(columns_tag, static_cast<Uint16>(first.width)), "overlay columns");
    check(ds.putAndInsertString(type_tag, "G"), "overlay type");
    check(ds.putAndInsertString(origin_tag, "1\\1"), "overlay origin");
    check(ds.putAndInsertUint16(bits_tag, 1), "overlay bits");
    check(ds.putAndInsertUint16(position_tag, 0), "overlay bit position");
    std::vector<Uint16> words((options.overlay.size() + 15) / 16, 0);
    for (std::size_t i = 0; i < options.overlay.size(); ++i)
      if (options.overlay[i]) words[i / 16] = static_cast<Uint16>(words[i / 16] | (1u << (i % 16)));
    check(ds.putAndInsertUint16Array(data_tag, words.data(), static_cast<unsigned long>(words.size())), "overlay data");
  }
  if (!options.manufacturer.empty()) check(ds.putAndInsertString(DCM_Manufacturer, options.manufacturer.c_str()), "manufacturer");
  if (!options.model.empty()) check(ds.putAndInsertString(DCM_ManufacturerModelName, options.model.c_str()), "model");
  if (!options.burned_in.empty()) check(ds.putAndInsertString(DCM_BurnedInAnnotation, options.burned_in.c_str()), "burned in");
  check(ds.putAndInsertUint16(DCM_Rows, static_cast<Uint16>(first.height)), "rows");
  check(ds.putAndInsertUint16(DCM_Columns, static_cast<Uint16>(first.width)), "columns");
  check(ds.putAndInsertUint16(DCM_SamplesPerPixel, static_cast<Uint16>(first.channels)), "samples");
  check(ds.putAndInsertString(DCM_PhotometricInterpretation, first.channels == 3 ? "RGB" : "MONOCHROME2"), "photometric");
  if (first.channels == 3) check(ds.putAndInsertUint16(DCM_PlanarConfiguration, 0), "planar");
  check(ds.putAndInsertUint16(DCM_BitsAllocated, 8), "bits allocated");
  check(ds.putAndInsertUint16(DCM_BitsStored, 8), "bits stored");
  check(ds.putAndInsertUint16(DCM_HighBit, 7), "high bit");
  check(ds.putAndInsertUint16(DCM_PixelRepresentation, 0), "pixel representation");
  if (frames.size() > 1) check(ds.putAndInsertString(DCM_NumberOfFrames, std::to_string(frames.size()).c_str()), "frames");
  std::vector<Uint8> bytes;
  for (const Canvas& frame : frames) {
    if (frame.width != first.width || frame.height != first.height || frame.channels != first.channels)
      throw std::runtime_error("fixture: frames differ in size");
    bytes.insert(bytes.end(), frame.samples.begin(), frame.samples.end());
  }
  check(ds.putAndInsertUint8Array(DCM_PixelData, bytes.data(), static_cast<unsigned long>(bytes.size())), "pixel data");

  E_TransferSyntax xfer = EXS_LittleEndianExplicit;
  if (options.transfer_syntax == "rle") {
    DcmRLEEncoderRegistration::registerCodecs();
    check(ds.chooseRepresentation(EXS_RLELossless, nullptr), "rle encode");
    xfer = EXS_RLELossless;
  }
  if (options.transfer_syntax == "jpeg") {
    // Baseline JPEG at quality 85, as ultrasound machines store their frames.
    DJEncoderRegistration::registerCodecs();
    const DJ_RPLossy lossy(85);
    check(ds.chooseRepresentation(EXS_JPEGProcess1, &lossy), "jpeg encode");
    check(ds.putAndInsertString(DCM_LossyImageCompression, "01"), "lossy flag");
    xfer = EXS_JPEGProcess1;
  }
  check(file.saveFile(path.c_str(), xfer), "save");
}

std::filesystem::path freshDir(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::path(SCANSHARE_TEST_WORK_DIR) / "ocr" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string readAttribute(const std::filesystem::path& path, std::uint16_t group, std::uint16_t element) {
  DcmFileFormat file;
  if (file.loadFile(path.c_str()).bad()) throw std::runtime_error("fixture: cannot read back " + path.string());
  OFString value;
  DcmItem* where = group == 0x0002 ? static_cast<DcmItem*>(file.getMetaInfo()) : file.getDataset();
  if (where->findAndGetOFStringArray(DcmTagKey(group, element), value).bad()) return "";
  return value.c_str();
}

}  // namespace ocr_test
