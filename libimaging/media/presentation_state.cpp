#include "imaging/media/presentation_state.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcsequen.h>

#include <map>

#include "imaging/core/error.h"
#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/dicom_file.h"
#include "document_file.h"
#include "presentation_state_items.h"
#include "text_decoder.h"

namespace imaging {

using media::firstNumber;
using media::openDocumentOfClass;
using media::sequenceItems;
using media::trimmed;

namespace {

constexpr const char* kPresentationStatePrefix = "1.2.840.10008.5.1.4.1.1.11.";

std::vector<double> floats(DcmItem& item, const DcmTagKey& tag) {
  std::vector<double> values;
  Float32 value = 0;
  for (unsigned long i = 0; item.findAndGetFloat32(tag, value, i).good(); ++i) values.push_back(value);
  return values;
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

using LayerColours = std::map<std::string, PresentationColour>;

// Each graphic layer's recommended colour: CIELab when given, else its grey.
LayerColours layerColours(DcmItem& dataset) {
  LayerColours colours;
  for (DcmItem* layer : sequenceItems(dataset, DCM_GraphicLayerSequence)) {
    const std::string name = trimmed(bridge::getString(*layer, DCM_GraphicLayer));
    Uint16 lab[3] = {0, 0, 0};
    bool has_lab = true;
    for (unsigned long i = 0; i < 3; ++i)
      has_lab = has_lab && layer->findAndGetUint16(DCM_GraphicLayerRecommendedDisplayCIELabValue, lab[i], i).good();
    Uint16 grey = 0;
    if (has_lab) colours[name] = cielabToRgb(lab[0], lab[1], lab[2]);
    else if (layer->findAndGetUint16(DCM_GraphicLayerRecommendedDisplayGrayscaleValue, grey).good()) {
      const auto g = static_cast<std::uint8_t>(grey >> 8);
      colours[name] = {g, g, g};
    }
  }
  return colours;
}

void readAnnotations(DcmItem& annotation, media::TextDecoder& text, const LayerColours& colours, PresentationState& state) {
  const auto layer = colours.find(trimmed(bridge::getString(annotation, DCM_GraphicLayer)));
  const std::optional<PresentationColour> colour =
      layer == colours.end() ? std::nullopt : std::optional<PresentationColour>(layer->second);
  for (DcmItem* g : sequenceItems(annotation, DCM_GraphicObjectSequence)) {
    PresentationGraphic graphic;
    graphic.display_units = trimmed(bridge::getString(*g, DCM_GraphicAnnotationUnits)) == "DISPLAY";
    graphic.type = graphicType(trimmed(bridge::getString(*g, DCM_GraphicType)));
    graphic.filled = trimmed(bridge::getString(*g, DCM_GraphicFilled)) == "Y";
    graphic.colour = colour;
    const auto data = floats(*g, DCM_GraphicData);
    for (std::size_t i = 0; i + 1 < data.size(); i += 2) graphic.points.push_back(point(data[i], data[i + 1], graphic.display_units));
    if (!graphic.points.empty()) state.graphics.push_back(std::move(graphic));
  }
  for (DcmItem* t : sequenceItems(annotation, DCM_TextObjectSequence)) {
    PresentationText note;
    note.colour = colour;
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

PresentationPoint toImagePixels(const PresentationPoint& p, bool display_units, const PresentationState& state, int columns,
                                int rows) {
  if (!display_units) return p;
  // Undo the turn (clockwise quarter turns of the unit square), then the left-right flip.
  double u = p.column, v = p.row;
  for (int turns = (state.rotation_degrees / 90) % 4; turns > 0; --turns) {
    const double before_u = v, before_v = 1.0 - u;  // a clockwise quarter turn maps (a, b) to (1 - b, a)
    u = before_u;
    v = before_v;
  }
  if (state.horizontal_flip) u = 1.0 - u;
  // Fractions of the displayed area's pixel edges (the whole image without one).
  double left = -0.5, top = -0.5, width = columns, height = rows;
  if (const auto& a = state.displayed_area) {
    left = a->first_column - 0.5;
    top = a->first_row - 0.5;
    width = a->last_column - a->first_column + 1;
    height = a->last_row - a->first_row + 1;
  }
  return {left + u * width, top + v * height};
}

PresentationState readPresentationState(const std::filesystem::path& path) {
  bridge::DicomFile file = openDocumentOfClass(path, kPresentationStatePrefix, "presentation state");
  DcmDataset& dataset = file.dataset();

  PresentationState state;
  media::TextDecoder text(bridge::getString(dataset, DCM_SpecificCharacterSet));
  state.label = trimmed(bridge::getString(dataset, DCM_ContentLabel));
  state.description = trimmed(text.decode(bridge::getString(dataset, DCM_ContentDescription), ""));
  for (DcmItem* series : sequenceItems(dataset, DCM_ReferencedSeriesSequence)) {
    const std::string series_uid = trimmed(bridge::getString(*series, DCM_SeriesInstanceUID));
    for (DcmItem* image : sequenceItems(*series, DCM_ReferencedImageSequence))
      state.images.push_back({series_uid, trimmed(bridge::getString(*image, DCM_ReferencedSOPInstanceUID))});
  }
  // The first Softcopy VOI LUT item's window (a viewer applies one window to the image on screen).
  for (DcmItem* voi : sequenceItems(dataset, DCM_SoftcopyVOILUTSequence)) {
    state.window_center = firstNumber(*voi, DCM_WindowCenter);
    state.window_width = firstNumber(*voi, DCM_WindowWidth);
    if (state.window_center && state.window_width) break;
  }
  const LayerColours colours = layerColours(dataset);
  for (DcmItem* annotation : sequenceItems(dataset, DCM_GraphicAnnotationSequence)) readAnnotations(*annotation, text, colours, state);
  media::readDisplayModules(dataset, state);
  return state;
}

}  // namespace imaging
