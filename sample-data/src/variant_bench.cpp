// Benchmark media: many MR images of one patient in four series, quick to write.
#include <algorithm>
#include <string>
#include <vector>

#include "sample_writer.h"
#include "variants.h"
#include "volume_series.h"

namespace imaging::sample {

void generateBench(SampleWriter& writer, int count, int size) {
  const PatientIdentity patient = benchmarkPatient();
  writer.addPatient(patient);
  StudyContext study;
  study.patient = &patient;
  study.studyUid = writer.uids().next();
  study.frameOfReferenceUid = writer.uids().next();
  study.performedProcedureStepUid = writer.uids().next();

  std::vector<VolumeSeriesSpec> presets = {sagittalProtonDensityFatSat(), coronalT1(), axialT2(),
                                           sagittalProtonDensityFatSat()};
  presets[3].series.description = "T1 SAG";
  presets[3].series.protocol = "knee_t1_tse_sag";
  presets[3].contrast = Contrast::T1;
  const char* times[] = {"120500", "121300", "122100", "122900"};
  const int seriesCount = std::min(count, 4);
  for (int s = 0; s < seriesCount; ++s) {
    VolumeSeriesSpec spec = presets[static_cast<std::size_t>(s)];
    const int slices = count / seriesCount + (s == seriesCount - 1 ? count % seriesCount : 0);
    spec.series.uid = writer.uids().next();
    spec.series.number = s + 1;
    spec.series.time = times[s];
    spec.stack.rows = spec.stack.columns = size;
    spec.stack.pixelSpacing = 160.0 / size;
    spec.stack.slices = slices;
    // Cover about 100 mm whatever the count, so every series stays a plausible volume.
    spec.stack.spacingBetweenSlices = std::max(0.1, 100.0 / slices);
    spec.stack.sliceThickness = spec.stack.spacingBetweenSlices;
    spec.folder = "DICOM/SER" + std::to_string(s + 1);
    spec.filePrefix = "IM";
    spec.noiseSeed = 71 + static_cast<std::uint64_t>(s);
    writeVolumeSeries(writer, study, spec, [&](TextPutter& put, int k) {
      putVendorPrivateGroup(put, patient);
      if (k == 0) put.text(DCM_ImageComments, patient.imageComment);
    });
  }
}

}  // namespace imaging::sample
