#pragma once
// The offscreen VTK render window's pixels as a QImage: the viewer's way of showing VTK inside
// Qt 6 (Debian's VTK Qt module is built for Qt 5).
#include <QImage>

class vtkRenderWindow;

// Reads the w x h pixels of the last Render() and flips them (VTK's rows run bottom-up). The image is
// opaque (alpha ignored), so painting it replaces every pixel of the widget beneath.
QImage grabRenderWindow(vtkRenderWindow& window, int w, int h);
