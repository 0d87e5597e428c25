#include "ocr_scenes.h"

namespace ocr_test {
namespace {

std::string familyName(const FakePatient& p) { return p.dicom_name.substr(0, p.dicom_name.find('^')); }
std::string givenName(const FakePatient& p) { return p.dicom_name.substr(p.dicom_name.find('^') + 1); }
// 19810927 -> 27.09.1981, as consoles print it.
std::string typedDate(const std::string& d) { return d.substr(6, 2) + "." + d.substr(4, 2) + "." + d.substr(0, 4); }

}  // namespace

Scene writeUltrasound(const std::filesystem::path& file, const FakePatient& patient, int channels,
                      const DicomOptions& options) {
  Canvas canvas = ultrasoundCanvas(512, channels, 7);
  const std::uint8_t r = 255, g = 255, b = channels == 3 ? 80 : 255;  // yellow text on colour machines
  Scene scene;
  scene.file = file;
  const std::string name_text = familyName(patient) + " " + givenName(patient);
  scene.name = drawText(canvas, 12, 8, name_text, 2, r, g, b);
  scene.id = drawText(canvas, 12 + cellWidth(2) * static_cast<int>(name_text.size() + 3), 8, patient.id, 2, r, g, b);
  scene.birth = drawText(canvas, 12, 30, typedDate(patient.birth_date), 2, r, g, b);
  drawText(canvas, 300, 30, "L12-5 MSK", 2, r, g, b);
  DicomOptions us = options;
  us.sop_class = "1.2.840.10008.5.1.4.1.1.6.1";  // ultrasound image storage
  us.modality = "US";
  writeDicom({canvas}, file, us);
  return scene;
}

Scene writeForm(const std::filesystem::path& file, const FakePatient& patient) {
  Canvas canvas = formCanvas(512, 384);
  Scene scene;
  scene.file = file;
  drawText(canvas, 16, 18, "IMAGING REQUEST", 4, 20);
  scene.name = drawText(canvas, 16, 90, "NAME: " + familyName(patient) + ", " + givenName(patient), 2, 20);
  scene.birth = drawText(canvas, 16, 130, "BORN: " + typedDate(patient.birth_date), 2, 20);
  scene.id = drawText(canvas, 16, 170, "PATIENT NO: " + patient.id, 2, 20);
  drawText(canvas, 16, 210, "EXAM: KNEE LEFT", 2, 20);
  writeDicom({canvas}, file);
  return scene;
}

}  // namespace ocr_test
