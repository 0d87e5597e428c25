// How a presentation state frames the image: shutter shapes, displayed area, rotation and flip,
// and the CIELab to sRGB conversion for graphic layer colours.
#include <dcmtk/dcmdata/dcdeftag.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "document_file.h"
#include "imaging_bridge/dcmtk.h"
#include "presentation_state_items.h"

namespace imaging::media {

std::vector<DcmItem*> sequenceItems(DcmItem& item, const DcmTagKey& sequence) {
  std::vector<DcmItem*> out;
  DcmSequenceOfItems* seq = nullptr;
  if (item.findAndGetSequence(sequence, seq).good() && seq)
    for (unsigned long i = 0; i < seq->card(); ++i) out.push_back(seq->getItem(i));
  return out;
}

std::vector<double> numbers(DcmItem& item, const DcmTagKey& tag) {
  std::vector<double> values;
  const std::string text = bridge::getString(item, tag);
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\\', start), text.size());
    const std::string one = trimmed(text.substr(start, end - start));
    char* stop = nullptr;
    const double value = std::strtod(one.c_str(), &stop);
    if (one.empty() || stop == one.c_str()) return {};  // a malformed value makes the whole attribute unusable
    values.push_back(value);
    start = end + 1;
  }
  return values;
}

std::optional<double> firstNumber(DcmItem& item, const DcmTagKey& tag) {
  const auto values = numbers(item, tag);
  if (values.empty()) return std::nullopt;
  return values.front();
}

namespace {

using Shutter = PresentationState::Shutter;
using Area = PresentationState::DisplayedArea;

bool readRectangle(DcmItem& dataset, Shutter& shutter) {
  const auto left = firstNumber(dataset, DCM_ShutterLeftVerticalEdge), right = firstNumber(dataset, DCM_ShutterRightVerticalEdge);
  const auto upper = firstNumber(dataset, DCM_ShutterUpperHorizontalEdge), lower = firstNumber(dataset, DCM_ShutterLowerHorizontalEdge);
  if (!left || !right || !upper || !lower) return false;
  // The edges are 1-based columns and rows, inclusive.
  shutter.rectangular = true;
  shutter.first_column = static_cast<int>(*left) - 1;
  shutter.last_column = static_cast<int>(*right) - 1;
  shutter.first_row = static_cast<int>(*upper) - 1;
  shutter.last_row = static_cast<int>(*lower) - 1;
  return true;
}

bool readCircle(DcmItem& dataset, Shutter& shutter) {
  // Centre: 1-based row\column (rows first, unlike most GSPS coordinates).
  const auto centre = numbers(dataset, DCM_CenterOfCircularShutter);
  const auto radius = firstNumber(dataset, DCM_RadiusOfCircularShutter);
  if (centre.size() != 2 || !radius || *radius <= 0) return false;
  shutter.circle_centre = PresentationPoint{centre[1] - 1.0, centre[0] - 1.0};
  shutter.circle_radius = *radius;
  return true;
}

bool readPolygon(DcmItem& dataset, Shutter& shutter) {
  // Vertices: 1-based row\column pairs.
  const auto vertices = numbers(dataset, DCM_VerticesOfThePolygonalShutter);
  if (vertices.size() < 6 || vertices.size() % 2 != 0) return false;
  for (std::size_t i = 0; i + 1 < vertices.size(); i += 2) shutter.polygon.push_back({vertices[i + 1] - 1.0, vertices[i] - 1.0});
  return true;
}

void readShutter(DcmItem& dataset, PresentationState& state) {
  const std::string shape = trimmed(bridge::getString(dataset, DCM_ShutterShape));
  Shutter shutter;
  bool any = false;
  if (shape.find("RECTANGULAR") != std::string::npos) any = readRectangle(dataset, shutter) || any;
  if (shape.find("CIRCULAR") != std::string::npos) any = readCircle(dataset, shutter) || any;
  if (shape.find("POLYGONAL") != std::string::npos) any = readPolygon(dataset, shutter) || any;
  if (!any) return;
  Uint16 value = 0;
  if (dataset.findAndGetUint16(DCM_ShutterPresentationValue, value).good()) shutter.grey = value / 65535.0;
  state.shutter = shutter;
}

bool refersTo(DcmItem& item, const std::string& sop_instance_uid) {
  const auto images = sequenceItems(item, DCM_ReferencedImageSequence);
  if (images.empty()) return true;  // no list: the item applies to every image of the state
  for (DcmItem* image : images)
    if (trimmed(bridge::getString(*image, DCM_ReferencedSOPInstanceUID)) == sop_instance_uid) return true;
  return false;
}

void readDisplayedArea(DcmItem& dataset, PresentationState& state) {
  const std::string first_image = state.images.empty() ? std::string() : state.images.front().sop_instance_uid;
  for (DcmItem* item : sequenceItems(dataset, DCM_DisplayedAreaSelectionSequence)) {
    if (!refersTo(*item, first_image)) continue;
    // Top left and bottom right hand corners: 1-based column\row, inclusive.
    const auto tlhc = numbers(*item, DCM_DisplayedAreaTopLeftHandCorner);
    const auto brhc = numbers(*item, DCM_DisplayedAreaBottomRightHandCorner);
    if (tlhc.size() != 2 || brhc.size() != 2 || brhc[0] < tlhc[0] || brhc[1] < tlhc[1]) return;
    Area area;
    area.first_column = static_cast<int>(tlhc[0]) - 1;
    area.first_row = static_cast<int>(tlhc[1]) - 1;
    area.last_column = static_cast<int>(brhc[0]) - 1;
    area.last_row = static_cast<int>(brhc[1]) - 1;
    const std::string mode = trimmed(bridge::getString(*item, DCM_PresentationSizeMode));
    if (mode == "TRUE SIZE") area.size = Area::Size::TrueSize;
    if (mode == "MAGNIFY") {
      area.size = Area::Size::Magnify;
      area.magnification = firstNumber(*item, DCM_PresentationPixelMagnificationRatio).value_or(1.0);
      if (area.magnification <= 0) area.magnification = 1.0;
    }
    state.displayed_area = area;
    return;
  }
}

void readSpatialTransformation(DcmItem& dataset, PresentationState& state) {
  Uint16 rotation = 0;
  if (dataset.findAndGetUint16(DCM_ImageRotation, rotation).good() && rotation % 90 == 0 && rotation < 360)
    state.rotation_degrees = rotation;
  state.horizontal_flip = trimmed(bridge::getString(dataset, DCM_ImageHorizontalFlip)) == "Y";
}

double labToXyz(double t) { return t > 6.0 / 29.0 ? t * t * t : 3.0 * (6.0 / 29.0) * (6.0 / 29.0) * (t - 4.0 / 29.0); }

std::uint8_t srgbByte(double linear) {
  const double v = linear <= 0.0031308 ? 12.92 * linear : 1.055 * std::pow(linear, 1.0 / 2.4) - 0.055;
  return static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0, 1.0) * 255.0));
}

}  // namespace

void readDisplayModules(DcmItem& dataset, PresentationState& state) {
  readShutter(dataset, state);
  readDisplayedArea(dataset, state);
  readSpatialTransformation(dataset, state);
}

}  // namespace imaging::media

namespace imaging {

PresentationColour cielabToRgb(std::uint16_t l, std::uint16_t a, std::uint16_t b) {
  const double L = l * 100.0 / 65535.0, A = a * 255.0 / 65535.0 - 128.0, B = b * 255.0 / 65535.0 - 128.0;
  const double fy = (L + 16.0) / 116.0, fx = fy + A / 500.0, fz = fy - B / 200.0;
  const double x = 0.95047 * media::labToXyz(fx), y = media::labToXyz(fy), z = 1.08883 * media::labToXyz(fz);
  const double r = 3.2406 * x - 1.5372 * y - 0.4986 * z;
  const double g = -0.9689 * x + 1.8758 * y + 0.0415 * z;
  const double bl = 0.0557 * x - 0.2040 * y + 1.0570 * z;
  return {media::srgbByte(r), media::srgbByte(g), media::srgbByte(bl)};
}

}  // namespace imaging
