#include "xray_fixtures.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

namespace ocr_test {
namespace {

constexpr int kWhite = 4095;

void check(const OFCondition& condition, const std::string& what) {
  if (condition.bad()) throw std::runtime_error("xray fixture: " + what + ": " + condition.text());
}

// Air dark, a body (an ellipse) with slow structure (ribs-like bands) and quantum noise, the
// collimator's unexposed edges bright: what a processed chest or limb radiograph looks like.
std::vector<Uint16> radiograph(const XraySpec& spec) {
  const int w = spec.width, h = spec.height;
  std::vector<Uint16> pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
  std::mt19937 random(spec.seed);
  std::normal_distribution<double> noise(0.0, 25.0);
  const int edge = std::max(4, w / 40);
  const double cx = w * 0.55, cy = h * 0.55, rx = w * 0.33, ry = h * 0.40;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      double v;
      if (x < edge || y < edge || x >= w - edge || y >= h - edge) {
        v = 3600;
      } else {
        const double dx = (x - cx) / rx, dy = (y - cy) / ry;
        const double r2 = dx * dx + dy * dy;
        v = 250;
        if (r2 < 1.0) {
          v = 1400 + 700 * std::sqrt(1.0 - r2);
          v += 260 * std::sin(y * 12.0 / h * 3.14159) * std::exp(-std::abs(dx) * 1.5);  // bands
          if (std::abs(dx) < 0.12) v += 500;                                            // a spine
        }
      }
      v += noise(random);
      pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)] =
          static_cast<Uint16>(std::clamp(v, 0.0, 4000.0));
    }
  return pixels;
}

}  // namespace

XrayText nameLine(const XraySpec& spec) {
  const int cap = std::max(10, spec.height / 55);
  return {spec.width / 40 + 12, spec.height / 40 + 10, "BRANDT OLIVIA  QX7730152  27.09.1981", cap};
}

XrayText leadMarker(const XraySpec& spec) {
  return {spec.width / 10, spec.height / 3, "L", std::max(14, spec.height / 25)};
}

std::vector<TextBounds> writeXray(const std::filesystem::path& path, const XraySpec& spec,
                                  const std::vector<XrayText>& texts) {
  std::vector<Uint16> pixels = radiograph(spec);
  std::vector<TextBounds> bounds;
  Canvas ink(spec.width, spec.height, 1, 0);
  for (const XrayText& t : texts) bounds.push_back(drawTextSized(ink, t.x, t.y, t.text, t.cap_height, 255, 255, 255));
  for (std::size_t i = 0; i < pixels.size(); ++i)
    if (ink.samples[i]) pixels[i] = kWhite;

  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  const auto put = [&ds](const DcmTagKey& tag, const std::string& value) {
    check(ds.putAndInsertString(tag, value.c_str()), tag.toString().c_str());
  };
  put(DCM_SOPClassUID, spec.sop_class);
  put(DCM_SOPInstanceUID, spec.sop_uid);
  put(DCM_StudyInstanceUID, spec.study_uid);
  put(DCM_SeriesInstanceUID, spec.series_uid);
  put(DCM_PatientName, spec.patient_name);
  put(DCM_PatientID, spec.patient_id);
  put(DCM_PatientBirthDate, spec.birth_date);
  put(DCM_PatientSex, "F");
  put(DCM_StudyDate, "20240311");
  put(DCM_StudyTime, "101500");
  put(DCM_StudyID, "1");
  put(DCM_AccessionNumber, "A55012");
  put(DCM_Modality, spec.modality);
  put(DCM_SeriesNumber, std::to_string(spec.series_number));
  put(DCM_InstanceNumber, "1");
  if (!spec.burned_in.empty()) put(DCM_BurnedInAnnotation, spec.burned_in);
  check(ds.putAndInsertUint16(DCM_Rows, static_cast<Uint16>(spec.height)), "rows");
  check(ds.putAndInsertUint16(DCM_Columns, static_cast<Uint16>(spec.width)), "columns");
  check(ds.putAndInsertUint16(DCM_SamplesPerPixel, 1), "samples");
  put(DCM_PhotometricInterpretation, "MONOCHROME2");
  check(ds.putAndInsertUint16(DCM_BitsAllocated, 16), "bits allocated");
  check(ds.putAndInsertUint16(DCM_BitsStored, 12), "bits stored");
  check(ds.putAndInsertUint16(DCM_HighBit, 11), "high bit");
  check(ds.putAndInsertUint16(DCM_PixelRepresentation, 0), "pixel representation");
  put(DCM_WindowCenter, "2048");
  put(DCM_WindowWidth, "4096");
  check(ds.putAndInsertUint16Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size())), "pixel data");
  std::filesystem::create_directories(path.parent_path());
  check(file.saveFile(path.c_str(), EXS_LittleEndianExplicit), "save");
  return bounds;
}

}  // namespace ocr_test
