#include "imaging/media/presentation_state.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcsequen.h>

#include <cstdlib>

#include "imaging/core/error.h"
#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/dicom_file.h"
#include "document_file.h"
#include "text_decoder.h"

namespace imaging {

using media::openDocumentOfClass;
using media::trimmed;

namespace {

constexpr const char* kPresentationStatePrefix = "1.2.840.10008.5.1.4.1.1.11.";


// Every item of a sequence attribute of item (none when absent).
std::vector<DcmItem*> items(DcmItem& item, const DcmTagKey& sequence) {
  std::vector<DcmItem*> out;
  DcmSequenceOfItems* seq = nullptr;
  if (item.findAndGetSequence(sequence, seq).good() && seq)
    for (unsigned long i = 0; i < seq->card(); ++i) out.push_back(seq->getItem(i));
  return out;
}

std::vector<double> floats(DcmItem& item, const DcmTagKey& tag) {
  std::vector<double> values;
  Float32 value = 0;
  for (unsigned long i = 0; item.findAndGetFloat32(tag, value, i).good(); ++i) values.push_back(value);
  return values;
}

std::optional<double> number(DcmItem& item, const DcmTagKey& tag) {
  const std::string text = trimmed(bridge::getString(item, tag));
  if (text.empty()) return std::nullopt;
  const std::string first = text.substr(0, text.find('\\'));  // the first of several values
  char* end = nullptr;
  const double value = std::strtod(first.c_str(), &end);
  if (end == first.c_str()) return std::nullopt;
  return value;
}

// GSPS pixel units put 0\0 at the image's top left corner: the centre of the first pixel is 0.5\0.5.
PresentationPoint point(double column, double row, bool display_units) {
  return display_units ? PresentationPoint{column, row} : PresentationPoint{column - 0.5, row - 0.5};
}

std::optional<PresentationPoint> pointOf(DcmItem& item, const DcmTagKey& tag, bool display_units) {
  const auto values = floats(item, tag);
  if (values.size() < 2) return std::nullopt;
  return point(values[0], values[1], display_units);
}

PresentationGraphic::Type graphicType(const std::string& type) {
  if (type == "POINT") return PresentationGraphic::Type::Point;
  if (type == "INTERPOLATED") return PresentationGraphic::Type::Interpolated;
  if (type == "CIRCLE") return PresentationGraphic::Type::Circle;
  if (type == "ELLIPSE") return PresentationGraphic::Type::Ellipse;
  return PresentationGraphic::Type::Polyline;
}

void readAnnotations(DcmItem& annotation, media::TextDecoder& text, PresentationState& state) {
  for (DcmItem* g : items(annotation, DCM_GraphicObjectSequence)) {
    PresentationGraphic graphic;
    graphic.display_units = trimmed(bridge::getString(*g, DCM_GraphicAnnotationUnits)) == "DISPLAY";
    graphic.type = graphicType(trimmed(bridge::getString(*g, DCM_GraphicType)));
    graphic.filled = trimmed(bridge::getString(*g, DCM_GraphicFilled)) == "Y";
    const auto data = floats(*g, DCM_GraphicData);
    for (std::size_t i = 0; i + 1 < data.size(); i += 2) graphic.points.push_back(point(data[i], data[i + 1], graphic.display_units));
    if (!graphic.points.empty()) state.graphics.push_back(std::move(graphic));
  }
  for (DcmItem* t : items(annotation, DCM_TextObjectSequence)) {
    PresentationText note;
    note.text = trimmed(text.decode(bridge::getString(*t, DCM_UnformattedTextValue), ""));
    const std::string box_units = trimmed(bridge::getString(*t, DCM_BoundingBoxAnnotationUnits));
    const std::string anchor_units = trimmed(bridge::getString(*t, DCM_AnchorPointAnnotationUnits));
    note.display_units = (box_units.empty() ? anchor_units : box_units) == "DISPLAY";
    note.box_top_left = pointOf(*t, DCM_BoundingBoxTopLeftHandCorner, note.display_units);
    note.box_bottom_right = pointOf(*t, DCM_BoundingBoxBottomRightHandCorner, note.display_units);
    note.anchor = pointOf(*t, DCM_AnchorPoint, note.display_units);
    if (!note.text.empty() && (note.box_top_left || note.anchor)) state.texts.push_back(std::move(note));
  }
}

}  // namespace

bool isPresentationState(const Series& series) {
  if (series.modality == "PR") return true;
  return !series.instances.empty() && series.instances.front().sop_class_uid.rfind(kPresentationStatePrefix, 0) == 0;
}

PresentationPoint toImagePixels(const PresentationPoint& p, bool display_units, int columns, int rows) {
  if (!display_units) return p;
  return {p.column * columns - 0.5, p.row * rows - 0.5};
}

PresentationState readPresentationState(const std::filesystem::path& path) {
  bridge::DicomFile file = openDocumentOfClass(path, kPresentationStatePrefix, "presentation state");
  DcmDataset& dataset = file.dataset();

  PresentationState state;
  media::TextDecoder text(bridge::getString(dataset, DCM_SpecificCharacterSet));
  state.label = trimmed(bridge::getString(dataset, DCM_ContentLabel));
  state.description = trimmed(text.decode(bridge::getString(dataset, DCM_ContentDescription), ""));
  for (DcmItem* series : items(dataset, DCM_ReferencedSeriesSequence)) {
    const std::string series_uid = trimmed(bridge::getString(*series, DCM_SeriesInstanceUID));
    for (DcmItem* image : items(*series, DCM_ReferencedImageSequence))
      state.images.push_back({series_uid, trimmed(bridge::getString(*image, DCM_ReferencedSOPInstanceUID))});
  }
  // The first Softcopy VOI LUT item's window (a viewer applies one window to the image on screen).
  for (DcmItem* voi : items(dataset, DCM_SoftcopyVOILUTSequence)) {
    state.window_center = number(*voi, DCM_WindowCenter);
    state.window_width = number(*voi, DCM_WindowWidth);
    if (state.window_center && state.window_width) break;
  }
  for (DcmItem* annotation : items(dataset, DCM_GraphicAnnotationSequence)) readAnnotations(*annotation, text, state);

  const std::string shape = trimmed(bridge::getString(dataset, DCM_ShutterShape));
  if (shape.find("RECTANGULAR") != std::string::npos) {
    const auto left = number(dataset, DCM_ShutterLeftVerticalEdge), right = number(dataset, DCM_ShutterRightVerticalEdge);
    const auto upper = number(dataset, DCM_ShutterUpperHorizontalEdge), lower = number(dataset, DCM_ShutterLowerHorizontalEdge);
    if (left && right && upper && lower) {
      PresentationState::Shutter shutter;
      // The edges are 1-based columns and rows, inclusive.
      shutter.first_column = static_cast<int>(*left) - 1;
      shutter.last_column = static_cast<int>(*right) - 1;
      shutter.first_row = static_cast<int>(*upper) - 1;
      shutter.last_row = static_cast<int>(*lower) - 1;
      Uint16 value = 0;
      if (dataset.findAndGetUint16(DCM_ShutterPresentationValue, value).good()) shutter.grey = value / 65535.0;
      state.shutter = shutter;
    }
  }
  return state;
}

}  // namespace imaging
