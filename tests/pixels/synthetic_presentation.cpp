#include "synthetic_presentation.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcdict.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <stdexcept>

namespace pixels_test {

namespace {

void check(const OFCondition& cond, const char* what) {
  if (cond.bad()) throw std::runtime_error(std::string(what) + ": " + cond.text());
}

void put(DcmItem& item, const DcmTagKey& tag, const std::string& value) { check(item.putAndInsertString(tag, value.c_str()), "put"); }

DcmItem& newItem(DcmItem& parent, const DcmTagKey& sequence) {
  DcmItem* item = nullptr;
  check(parent.findOrCreateSequenceItem(sequence, item, -2), "sequence item");
  return *item;
}

void putReferencedImage(DcmItem& parent, const SyntheticPresentation& pr) {
  DcmItem& image = newItem(parent, DCM_ReferencedImageSequence);
  put(image, DCM_ReferencedSOPClassUID, UID_SecondaryCaptureImageStorage);
  put(image, DCM_ReferencedSOPInstanceUID, pr.referenced_sop);
}

std::string pairs(const std::vector<int>& values) {
  std::string text;
  for (std::size_t i = 0; i < values.size(); ++i) text += (i ? "\\" : "") + std::to_string(values[i]);
  return text;
}

void putShutter(DcmItem& ds, const SyntheticPresentation& pr) {
  if (pr.shutter_shape.empty()) return;
  put(ds, DCM_ShutterShape, pr.shutter_shape);
  if (pr.shutter_shape.find("RECTANGULAR") != std::string::npos) {
    put(ds, DCM_ShutterLeftVerticalEdge, std::to_string(pr.rectangle[0]));
    put(ds, DCM_ShutterRightVerticalEdge, std::to_string(pr.rectangle[1]));
    put(ds, DCM_ShutterUpperHorizontalEdge, std::to_string(pr.rectangle[2]));
    put(ds, DCM_ShutterLowerHorizontalEdge, std::to_string(pr.rectangle[3]));
  }
  if (pr.shutter_shape.find("CIRCULAR") != std::string::npos) {
    put(ds, DCM_CenterOfCircularShutter, pairs({pr.circle_centre[0], pr.circle_centre[1]}));
    put(ds, DCM_RadiusOfCircularShutter, std::to_string(pr.circle_radius));
  }
  if (pr.shutter_shape.find("POLYGONAL") != std::string::npos) put(ds, DCM_VerticesOfThePolygonalShutter, pairs(pr.polygon));
  check(ds.putAndInsertUint16(DCM_ShutterPresentationValue, pr.shutter_value), "shutter value");
}

void putLine(DcmItem& ds, const SyntheticPresentation& pr) {
  if (!pr.line) return;
  DcmItem& layer = newItem(ds, DCM_GraphicLayerSequence);
  put(layer, DCM_GraphicLayer, "MARKS");
  put(layer, DCM_GraphicLayerOrder, "1");
  if (pr.layer_cielab) {
    const Uint16 lab[3] = {(*pr.layer_cielab)[0], (*pr.layer_cielab)[1], (*pr.layer_cielab)[2]};
    check(layer.putAndInsertUint16Array(DCM_GraphicLayerRecommendedDisplayCIELabValue, lab, 3), "cielab");
  }
  if (pr.layer_grey) check(layer.putAndInsertUint16(DCM_GraphicLayerRecommendedDisplayGrayscaleValue, *pr.layer_grey), "grey");
  DcmItem& annotation = newItem(ds, DCM_GraphicAnnotationSequence);
  putReferencedImage(annotation, pr);
  put(annotation, DCM_GraphicLayer, "MARKS");
  DcmItem& graphic = newItem(annotation, DCM_GraphicObjectSequence);
  put(graphic, DCM_GraphicAnnotationUnits, "PIXEL");
  check(graphic.putAndInsertUint16(DCM_GraphicDimensions, 2), "dimensions");
  check(graphic.putAndInsertUint16(DCM_NumberOfGraphicPoints, 2), "points");
  const Float32 points[4] = {(*pr.line)[0], (*pr.line)[2], (*pr.line)[1], (*pr.line)[2]};
  check(graphic.putAndInsertFloat32Array(DCM_GraphicData, points, 4), "graphic data");
  put(graphic, DCM_GraphicType, "POLYLINE");
  put(graphic, DCM_GraphicFilled, "N");
}

}  // namespace

void writeSyntheticPresentation(const SyntheticPresentation& pr, const std::filesystem::path& path) {
  if (!dcmDataDict.isDictionaryLoaded()) throw std::runtime_error("DICOM dictionary not loaded");
  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  put(ds, DCM_SOPClassUID, UID_GrayscaleSoftcopyPresentationStateStorage);
  put(ds, DCM_SOPInstanceUID, pr.sop_uid);
  put(ds, DCM_StudyInstanceUID, "1.2.826.0.1.3680043.10.1000.3");  // writeSynthetic's study
  put(ds, DCM_SeriesInstanceUID, pr.series_uid);
  put(ds, DCM_PatientName, "Synthetic^Fixture");
  put(ds, DCM_PatientID, "FIXTURE");
  put(ds, DCM_Modality, "PR");
  put(ds, DCM_SeriesNumber, "90");
  put(ds, DCM_InstanceNumber, "1");
  put(ds, DCM_ContentLabel, "FIXTURE");
  DcmItem& series = newItem(ds, DCM_ReferencedSeriesSequence);
  put(series, DCM_SeriesInstanceUID, pr.referenced_series);
  putReferencedImage(series, pr);
  if (pr.displayed_area) {
    const auto& a = *pr.displayed_area;
    DcmItem& area = newItem(ds, DCM_DisplayedAreaSelectionSequence);
    put(area, DCM_DisplayedAreaTopLeftHandCorner, pairs({a[0], a[1]}));
    put(area, DCM_DisplayedAreaBottomRightHandCorner, pairs({a[2], a[3]}));
    put(area, DCM_PresentationSizeMode, pr.size_mode);
    if (pr.size_mode == "MAGNIFY") put(area, DCM_PresentationPixelMagnificationRatio, std::to_string(pr.magnification));
    if (pr.size_mode != "TRUE SIZE") put(area, DCM_PresentationPixelAspectRatio, "1\\1");
  }
  if (pr.rotation) check(ds.putAndInsertUint16(DCM_ImageRotation, static_cast<Uint16>(pr.rotation)), "rotation");
  if (pr.horizontal_flip) put(ds, DCM_ImageHorizontalFlip, "Y");
  putShutter(ds, pr);
  putLine(ds, pr);
  check(file.saveFile(path.c_str(), EXS_LittleEndianExplicit), "save presentation state");
}

}  // namespace pixels_test
