#include "vtk_frame.h"

#include <vtkNew.h>
#include <vtkRenderWindow.h>
#include <vtkUnsignedCharArray.h>

#include <cstring>

QImage grabRenderWindow(vtkRenderWindow& window, int w, int h) {
  vtkNew<vtkUnsignedCharArray> rgba;
  window.GetRGBACharPixelData(0, 0, w - 1, h - 1, 0, rgba);
  // Opaque: the renderers' background has alpha 0, and drawn as RGBA those margins let whatever the
  // widget showed before (another series, a "Sagittal" label, other letters) through.
  QImage image(w, h, QImage::Format_RGBX8888);
  const unsigned char* source = rgba->GetPointer(0);
  for (int y = 0; y < h; ++y)
    std::memcpy(image.scanLine(h - 1 - y), source + static_cast<std::size_t>(y) * w * 4, static_cast<std::size_t>(w) * 4);
  for (int y = 0; y < h; ++y) {
    uchar* line = image.scanLine(y);
    for (int x = 0; x < w; ++x) line[x * 4 + 3] = 255;  // RGBX wants 255 in the unused byte
  }
  return image;
}
