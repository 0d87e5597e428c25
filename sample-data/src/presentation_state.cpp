#include "presentation_state.h"

#include <cstdio>

#include "sample_writer.h"

namespace imaging::sample {

namespace {

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

void putReferencedImageItem(TextPutter& parent, const PresentationStateSpec& spec) {
  TextPutter image = parent.newItem(DCM_ReferencedImageSequence);
  image.ascii(DCM_ReferencedSOPClassUID, spec.referencedClass);
  image.ascii(DCM_ReferencedSOPInstanceUID, spec.referencedInstance);
}

}  // namespace

std::string writePresentationState(SampleWriter& writer, const StudyContext& study, const PresentationStateSpec& spec) {
  const PatientIdentity& p = *study.patient;
  const std::string sopUid = writer.uids().next();
  DcmFileFormat file;
  DcmItem& dataset = *file.getDataset();
  putClinicalHeader(dataset, study, spec.series, kGrayscaleSoftcopyPresentationStateStorage, sopUid, 1, "172000");
  TextPutter put(dataset, p.charset);

  if (!spec.series.laterality.empty()) put.ascii(DCM_Laterality, spec.series.laterality);
  // Presentation State Identification.
  put.ascii(DCM_ContentLabel, "MENISCUS");
  put.text(DCM_ContentDescription, "Meniscal tear marked for the report");
  put.ascii(DCM_PresentationCreationDate, p.studyDate);
  put.ascii(DCM_PresentationCreationTime, "172000");
  put.text(DCM_ContentCreatorName, spec.creator);

  // Presentation State Relationship: the one image it applies to.
  TextPutter series = put.newItem(DCM_ReferencedSeriesSequence);
  series.ascii(DCM_SeriesInstanceUID, spec.referencedSeries);
  putReferencedImageItem(series, spec);

  // Displayed Area: the whole image, scaled to fit.
  TextPutter area = put.newItem(DCM_DisplayedAreaSelectionSequence);
  check(area.item().putAndInsertString(DCM_DisplayedAreaTopLeftHandCorner, "1\\1"), "displayed area");
  check(area.item().putAndInsertString(DCM_DisplayedAreaBottomRightHandCorner,
                                       (std::to_string(spec.columns) + "\\" + std::to_string(spec.rows)).c_str()),
        "displayed area");
  area.ascii(DCM_PresentationSizeMode, "SCALE TO FIT");
  area.ascii(DCM_PresentationPixelAspectRatio, "1\\1");

  // Softcopy VOI LUT: the window the radiologist chose.
  TextPutter voi = put.newItem(DCM_SoftcopyVOILUTSequence);
  voi.ascii(DCM_WindowCenter, number(spec.windowCentre));
  voi.ascii(DCM_WindowWidth, number(spec.windowWidth));
  put.ascii(DCM_PresentationLUTShape, "IDENTITY");

  // Display Shutter: a rectangle; outside it the image is black.
  put.ascii(DCM_ShutterShape, "RECTANGULAR");
  put.ascii(DCM_ShutterLeftVerticalEdge, std::to_string(spec.shutter[0]));
  put.ascii(DCM_ShutterRightVerticalEdge, std::to_string(spec.shutter[1]));
  put.ascii(DCM_ShutterUpperHorizontalEdge, std::to_string(spec.shutter[2]));
  put.ascii(DCM_ShutterLowerHorizontalEdge, std::to_string(spec.shutter[3]));
  check(dataset.putAndInsertUint16(DCM_ShutterPresentationValue, 0), "shutter value");

  // Graphic Annotation: a closed polyline (the rectangle) and a text, on one layer.
  TextPutter layer = put.newItem(DCM_GraphicLayerSequence);
  layer.ascii(DCM_GraphicLayer, "FINDINGS");
  layer.ascii(DCM_GraphicLayerOrder, "1");
  TextPutter annotation = put.newItem(DCM_GraphicAnnotationSequence);
  putReferencedImageItem(annotation, spec);
  annotation.ascii(DCM_GraphicLayer, "FINDINGS");
  TextPutter graphic = annotation.newItem(DCM_GraphicObjectSequence);
  graphic.ascii(DCM_GraphicAnnotationUnits, "PIXEL");
  check(graphic.item().putAndInsertUint16(DCM_GraphicDimensions, 2), "graphic dimensions");
  check(graphic.item().putAndInsertUint16(DCM_NumberOfGraphicPoints, 5), "graphic points");
  const auto& r = spec.rectangle;
  const Float32 points[10] = {static_cast<Float32>(r[0]), static_cast<Float32>(r[1]), static_cast<Float32>(r[2]), static_cast<Float32>(r[1]),
                              static_cast<Float32>(r[2]), static_cast<Float32>(r[3]), static_cast<Float32>(r[0]), static_cast<Float32>(r[3]),
                              static_cast<Float32>(r[0]), static_cast<Float32>(r[1])};
  check(graphic.item().putAndInsertFloat32Array(DCM_GraphicData, points, 10), "graphic data");
  graphic.ascii(DCM_GraphicType, "POLYLINE");
  graphic.ascii(DCM_GraphicFilled, "N");
  TextPutter text = annotation.newItem(DCM_TextObjectSequence);
  text.ascii(DCM_BoundingBoxAnnotationUnits, "PIXEL");
  text.text(DCM_UnformattedTextValue, spec.text);
  const auto& b = spec.textBox;
  const Float32 top_left[2] = {static_cast<Float32>(b[0]), static_cast<Float32>(b[1])};
  const Float32 bottom_right[2] = {static_cast<Float32>(b[2]), static_cast<Float32>(b[3])};
  check(text.item().putAndInsertFloat32Array(DCM_BoundingBoxTopLeftHandCorner, top_left, 2), "text box");
  check(text.item().putAndInsertFloat32Array(DCM_BoundingBoxBottomRightHandCorner, bottom_right, 2), "text box");
  text.ascii(DCM_BoundingBoxTextHorizontalJustification, "LEFT");

  writer.saveDicom(spec.path, file);
  writer.presentationStateFiles.push_back(spec.path);
  ManifestSeries record;
  record.seriesInstanceUid = spec.series.uid;
  record.patientId = p.id;
  record.modality = "PR";
  record.number = spec.series.number;
  record.instances = 1;
  writer.addSeries(record);
  return sopUid;
}

}  // namespace imaging::sample
