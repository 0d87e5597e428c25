#include "vtk_frame.h"

#include <vtkNew.h>
#include <vtkRenderWindow.h>
#include <vtkUnsignedCharArray.h>

#include <cstring>

QImage grabRenderWindow(vtkRenderWindow& window, int w, int h) {
  vtkNew<vtkUnsignedCharArray> rgba;
  window.GetRGBACharPixelData(0, 0, w - 1, h - 1, 0, rgba);
  QImage image(w, h, QImage::Format_RGBA8888);
  const unsigned char* source = rgba->GetPointer(0);
  for (int y = 0; y < h; ++y)
    std::memcpy(image.scanLine(h - 1 - y), source + static_cast<std::size_t>(y) * w * 4, static_cast<std::size_t>(w) * 4);
  return image;
}
