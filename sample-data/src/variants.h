#pragma once
// The media the generator can write (see sample-data/README.md).
#include <string>

namespace imaging::sample {

class SampleWriter;

struct GeneratorOptions {
  int count = 0;  // bench variants: number of images (0 = the variant's default)
  int size = 0;   // bench-large: rows and columns (0 = default)
};

// presentation_state: the "demo-pr" variant, the demo CD plus a Grayscale Softcopy Presentation
// State (series PR 300 of the knee study) on the sagittal slice 13.
void generateDemo(SampleWriter& writer, bool presentation_state = false);
void generateMultiCharset(SampleWriter& writer);
void generateFreeText(SampleWriter& writer);
void generateBench(SampleWriter& writer, int count, int size);

// Shared by the variants: MR series presets of the knee protocol.
struct VolumeSeriesSpec;
struct StudyContext;
struct PatientIdentity;
StudyContext newStudy(SampleWriter& writer, const PatientIdentity& patient);
VolumeSeriesSpec smallSeries(VolumeSeriesSpec spec, int slices);
VolumeSeriesSpec sagittalProtonDensityFatSat();
VolumeSeriesSpec coronalT1();
VolumeSeriesSpec axialT2();

}  // namespace imaging::sample
