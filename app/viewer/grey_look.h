#pragma once
// How a monochrome image's values become grey on screen, for both VTK views: the linear window, or
// a VOI LUT from the file (mapped by libimaging's VoiLut::map), optionally inverted.
#include "imaging/pixels/frame.h"

class vtkImageProperty;

// `lut` null or empty: the linear window (a negative VTK window when inverted). Otherwise one VTK
// table value per LUT entry, values outside the table taking its end entries, as DICOM says.
void applyGreyLook(vtkImageProperty& property, const imaging::Window& window, const imaging::VoiLut* lut, bool inverted);
