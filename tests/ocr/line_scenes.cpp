#include "line_scenes.h"

#include <algorithm>
#include <random>

namespace ocr_test {
namespace {

Canvas background(Background kind) {
  Canvas canvas(512, 512, 3, 0);
  std::mt19937 random(11);
  std::exponential_distribution<double> speckle(1.0);
  for (int y = 0; y < canvas.height; ++y)
    for (int x = 0; x < canvas.width; ++x) {
      int v = 0;
      if (kind == Background::Speckle && y < 180) v = std::min(170, static_cast<int>(55.0 * speckle(random)));
      if (kind == Background::Gradient) v = x * 110 / canvas.width + y * 30 / canvas.height;
      canvas.set(x, y, static_cast<std::uint8_t>(v));
    }
  return canvas;
}

}  // namespace

FakePatient linePatient() {
  FakePatient patient;
  patient.dicom_name = "FRANKE^ROSALIN";
  patient.id = "FR-3390127";
  patient.birth_date = "19810927";
  return patient;
}

LineScene writeLineScene(const std::filesystem::path& file, const LineStyle& style) {
  Canvas canvas = background(style.background);
  const int h = style.cap_height, gap = h + h / 2 + 6;
  LineScene scene;
  scene.file = file;
  scene.identifying.push_back(drawTextSized(canvas, 14, 12, "FRANKE ROSALIN", h, style.r, style.g, style.b));
  scene.identifying.push_back(
      drawTextSized(canvas, 14, 12 + gap, "ID FR-3390127", h, style.r, style.g, style.b, DotStyle::Dotted));
  scene.identifying.push_back(drawTextSized(canvas, 14, 12 + 2 * gap, "27.09.1981", h, style.r, style.g, style.b));
  scene.keep.push_back(drawTextSized(canvas, 20, 300, "L", 18, 230, 230, 230));
  scene.keep.push_back(drawTextSized(canvas, 370, 460, "10", 24, 230, 230, 230));
  DicomOptions options;
  options.sop_class = "1.2.840.10008.5.1.4.1.1.6.1";
  options.modality = "US";
  writeDicom({canvas}, file, options);
  return scene;
}

}  // namespace ocr_test
