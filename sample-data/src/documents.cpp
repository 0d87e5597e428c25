#include "documents.h"

#include <cctype>

#include "bitmap_font.h"
#include "sample_writer.h"

namespace imaging::sample {

namespace {

// One SR content item appended to the ContentSequence of parent.
TextPutter addContentItem(TextPutter& parent, const std::string& relationship, const std::string& valueType,
                          const std::string& code, const std::string& scheme, const std::string& meaning) {
  TextPutter item = parent.newItem(DCM_ContentSequence);
  item.ascii(DCM_RelationshipType, relationship);
  item.ascii(DCM_ValueType, valueType);
  putCode(item.item(), DCM_ConceptNameCodeSequence, code, scheme, meaning);
  return item;
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

std::string writeTextReport(SampleWriter& writer, const StudyContext& study, const ReportSpec& spec) {
  const PatientIdentity& p = *study.patient;
  const std::string sopUid = writer.uids().next();
  DcmFileFormat file;
  DcmItem& dataset = *file.getDataset();
  putClinicalHeader(dataset, study, spec.series, kBasicTextSrStorage, sopUid, 1, "171500");
  TextPutter put(dataset, p.charset);
  put.ascii(DCM_ContentDate, spec.reportDate);
  put.ascii(DCM_ContentTime, "171500");
  put.ascii(DCM_InstanceCreationDate, spec.reportDate);

  // SR Document General: a finished, verified report.
  put.ascii(DCM_CompletionFlag, "COMPLETE");
  put.ascii(DCM_VerificationFlag, "VERIFIED");
  TextPutter verifier = put.newItem(DCM_VerifyingObserverSequence);
  verifier.text(DCM_VerifyingObserverName, p.performingPhysician);
  verifier.text(DCM_VerifyingOrganization, p.institution);
  verifier.ascii(DCM_VerificationDateTime, spec.reportDate + "173000");
  check(verifier.item().insertEmptyElement(DCM_VerifyingObserverIdentificationCodeSequence), "observer code");
  check(dataset.insertEmptyElement(DCM_PerformedProcedureCodeSequence), "procedure code");
  TextPutter evidence = put.newItem(DCM_CurrentRequestedProcedureEvidenceSequence);
  evidence.ascii(DCM_StudyInstanceUID, study.studyUid);
  TextPutter evidenceSeries = evidence.newItem(DCM_ReferencedSeriesSequence);
  evidenceSeries.ascii(DCM_SeriesInstanceUID, spec.referencedSeries);
  TextPutter evidenceInstance = evidenceSeries.newItem(DCM_ReferencedSOPSequence);
  evidenceInstance.ascii(DCM_ReferencedSOPClassUID, spec.referencedClass);
  evidenceInstance.ascii(DCM_ReferencedSOPInstanceUID, spec.referencedInstance);

  // Root container and content tree.
  put.ascii(DCM_ValueType, "CONTAINER");
  putCode(dataset, DCM_ConceptNameCodeSequence, "18748-4", "LN", "Diagnostic Imaging Report");
  put.ascii(DCM_ContinuityOfContent, "SEPARATE");

  TextPutter observer = addContentItem(put, "HAS OBS CONTEXT", "PNAME", "121008", "DCM", "Person Observer Name");
  observer.text(DCM_PersonName, p.performingPhysician);

  TextPutter history = addContentItem(put, "CONTAINS", "TEXT", "121060", "DCM", "History");
  history.text(DCM_TextValue, "Patient " + p.typedName + ", born " + p.typedBirthDate + ", ID " + p.id +
                                  ". Referred by Dr " + p.staffNameParts.front() + ". " + p.additionalHistory);

  TextPutter examDate = addContentItem(put, "CONTAINS", "DATE", "111060", "DCM", "Study Date");
  examDate.ascii(DCM_Date, p.studyDate);

  TextPutter findings = addContentItem(put, "CONTAINS", "TEXT", "121071", "DCM", "Finding");
  findings.text(DCM_TextValue,
                "Oblique tear of the posterior horn of the medial meniscus. Moderate joint effusion with "
                "suprapatellar extension. Cruciate ligaments intact. Small popliteal cyst.");
  TextPutter conclusion = addContentItem(put, "CONTAINS", "TEXT", "121076", "DCM", "Conclusion");
  conclusion.text(DCM_TextValue, "Medial meniscal tear. Discussed with " + p.typedName + " on the phone.");

  writer.saveDicom(spec.path, file);
  writer.srFiles.push_back(spec.path);
  ManifestSeries record;
  record.seriesInstanceUid = spec.series.uid;
  record.patientId = p.id;
  record.modality = "SR";
  record.number = spec.series.number;
  record.instances = 1;
  writer.addSeries(record);
  return sopUid;
}

std::string writeScannedRequestForm(SampleWriter& writer, const StudyContext& study, const ScannedFormSpec& spec) {
  const PatientIdentity& p = *study.patient;
  const std::string sopUid = writer.uids().next();
  DcmFileFormat file;
  DcmItem& dataset = *file.getDataset();
  putClinicalHeader(dataset, study, spec.series, kSecondaryCaptureStorage, sopUid, 1, "082955");
  TextPutter put(dataset, p.charset);
  put.ascii(DCM_ImageType, "DERIVED\\SECONDARY");
  put.ascii(DCM_ConversionType, "WSD");
  put.ascii(DCM_BurnedInAnnotation, "YES");
  put.ascii(DCM_PatientOrientation, "");
  if (!spec.series.laterality.empty()) put.ascii(DCM_ImageLaterality, spec.series.laterality);
  put.text(DCM_ImageComments, "scanned request form for " + p.typedName);

  GrayImage form;
  form.rows = 384;
  form.columns = 512;
  form.pixels.assign(static_cast<std::size_t>(form.rows) * form.columns, 235);  // paper
  for (int c = 0; c < form.columns; ++c) form.pixels[static_cast<std::size_t>(58) * form.columns + c] = 40;
  std::string name = p.dicomName.substr(0, p.dicomName.find('='));
  const auto caret = name.find('^');
  const std::string family = name.substr(0, caret);
  const std::string given = caret == std::string::npos ? "" : name.substr(caret + 1, name.find('^', caret + 1) - caret - 1);
  const std::string lines[] = {
      "MRI REQUEST FORM",
      "PATIENT: " + upper(family) + ", " + upper(given),
      "DOB: " + p.typedBirthDate + "   MRN: " + p.id,
      "EXAM: MRI KNEE RIGHT",
      "REFERRER: DR " + upper(p.staffNameParts.front()),
      "ACCESSION: " + p.accession,
  };
  drawText(form, 16, 16, lines[0], 4, 20);
  for (int i = 1; i < 6; ++i) drawText(form, 80 + (i - 1) * 48, 16, lines[i], 2, 20);

  check(dataset.putAndInsertUint16(DCM_SamplesPerPixel, 1), "samples");
  put.ascii(DCM_PhotometricInterpretation, "MONOCHROME2");
  check(dataset.putAndInsertUint16(DCM_Rows, static_cast<Uint16>(form.rows)), "rows");
  check(dataset.putAndInsertUint16(DCM_Columns, static_cast<Uint16>(form.columns)), "columns");
  check(dataset.putAndInsertUint16(DCM_BitsAllocated, 8), "bits allocated");
  check(dataset.putAndInsertUint16(DCM_BitsStored, 8), "bits stored");
  check(dataset.putAndInsertUint16(DCM_HighBit, 7), "high bit");
  check(dataset.putAndInsertUint16(DCM_PixelRepresentation, 0), "pixel representation");
  check(dataset.putAndInsertUint8Array(DCM_PixelData, form.pixels.data(), static_cast<unsigned long>(form.pixels.size())),
        "pixel data");

  writer.saveDicom(spec.path, file);
  writer.burnedInFiles.push_back(spec.path);
  ManifestSeries record;
  record.seriesInstanceUid = spec.series.uid;
  record.patientId = p.id;
  record.modality = spec.series.modality;
  record.number = spec.series.number;
  record.instances = 1;
  record.rows = form.rows;
  record.columns = form.columns;
  writer.addSeries(record);
  return sopUid;
}

}  // namespace imaging::sample
