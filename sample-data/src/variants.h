#pragma once
// The media the generator can write (see sample-data/README.md).
#include <string>

namespace imaging::sample {

class SampleWriter;

struct GeneratorOptions {
  int count = 0;  // bench variants: number of images (0 = the variant's default)
  int size = 0;   // bench-large: rows and columns (0 = default)
};

void generateDemo(SampleWriter& writer);
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
