#pragma once
// A slice's overlay planes (60xx, decoded by libimaging into Volume::overlays) as a picture Qt can
// draw on top of the image: white where an overlay pixel is set, transparent elsewhere.
#include <QImage>

#include "imaging/pixels/volume.h"

// columns x rows; a null QImage when the slice has no overlay.
QImage overlayImage(const imaging::Volume& volume, int slice);
