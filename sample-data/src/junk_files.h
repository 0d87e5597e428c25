#pragma once
// The non-DICOM files found on real patient media.
#include <string>

#include "identity.h"

namespace imaging::sample {

class SampleWriter;

// AUTORUN.INF, a VIEWER/ folder with a fake program and libraries, and README.TXT naming the
// patient (so tests can prove it is never copied). All are recorded as non-DICOM files.
void writeHospitalCdJunk(SampleWriter& writer, const PatientIdentity& patient);

// length bytes from a fixed seed.
std::string pseudoRandomBytes(std::size_t length, std::uint64_t seed);

}  // namespace imaging::sample
