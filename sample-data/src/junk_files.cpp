#include "junk_files.h"

#include "random.h"
#include "sample_writer.h"

namespace imaging::sample {

std::string pseudoRandomBytes(std::size_t length, std::uint64_t seed) {
  SeededRandom random(seed);
  std::string bytes(length, '\0');
  for (auto& b : bytes) b = static_cast<char>(random.next() & 0xFF);
  return bytes;
}

namespace {

void addJunk(SampleWriter& writer, const std::string& path, const std::string& bytes) {
  writer.saveBytes(path, bytes);
  writer.nonDicomFiles.push_back(path);
}

}  // namespace

void writeHospitalCdJunk(SampleWriter& writer, const PatientIdentity& patient) {
  addJunk(writer, "AUTORUN.INF",
          "[autorun]\r\nopen=VIEWER\\VIEWER.EXE /dicomdir ..\\DICOMDIR\r\nicon=VIEWER\\VIEWER.EXE,0\r\n"
          "label=" + patient.institution + "\r\n");
  addJunk(writer, "README.TXT",
          "Images for " + patient.typedName + " (patient ID " + patient.id + ", born " + patient.typedBirthDate +
              ")\r\n" + patient.institution + ", " + patient.institutionAddress +
              "\r\n\r\nInsert the disc and the viewer starts automatically. On a Mac or Linux computer, "
              "open the DICOM folder with any DICOM viewer.\r\nThis disc contains confidential patient "
              "information.\r\n");
  // A Windows program is recognisable by its "MZ" header; the rest is filler.
  addJunk(writer, "VIEWER/VIEWER.EXE", "MZ\x90" + std::string(61, '\0') + pseudoRandomBytes(24000, 101));
  addJunk(writer, "VIEWER/DCMCORE.DLL", "MZ\x90" + std::string(61, '\0') + pseudoRandomBytes(12000, 102));
  addJunk(writer, "VIEWER/IMGCODEC.DLL", "MZ\x90" + std::string(61, '\0') + pseudoRandomBytes(8000, 103));
  addJunk(writer, "VIEWER/LIB/VIEWER.JAR", std::string("PK\x03\x04", 4) + pseudoRandomBytes(6000, 104));
  addJunk(writer, "VIEWER/VIEWER.INI", "[Viewer]\r\nLanguage=EN\r\nStartFolder=..\\DICOM\r\n");
}

}  // namespace imaging::sample
