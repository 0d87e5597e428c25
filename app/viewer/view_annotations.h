#pragma once
// What a person draws on the slice view besides lengths and angles: regions with their statistics
// (rectangle or ellipse), arrows and text notes, in image pixel coordinates (column, row) so they
// stay on the anatomy when the view is zoomed, panned, rotated or flipped. The statistics are
// libimaging's (imaging::regionStatistics); this file only draws.
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>
#include <vector>

#include "imaging/pixels/measure.h"
#include "imaging/pixels/volume.h"

class QPainter;

struct ViewRegion {
  imaging::RegionShape shape = imaging::RegionShape::Rectangle;
  double column = 0, row = 0, columns = 0, rows = 0;  // the box, as imaging::PixelRegion
};
struct ViewArrow {
  QPointF from, to;  // the head is at `to`
};
struct ViewNote {
  QPointF at;
  QString text;
};

struct ViewAnnotations {
  std::vector<ViewRegion> regions;
  std::vector<ViewArrow> arrows;
  std::vector<ViewNote> notes;
  bool empty() const { return regions.empty() && arrows.empty() && notes.empty(); }
  void clear() { *this = {}; }
};

// The statistics of a region on one slice (after the modality LUT); empty for colour images.
std::optional<imaging::RegionStatistics> regionStatistics(const imaging::Volume& volume, int slice, const ViewRegion& region);

// The lines drawn beside a region: "Mean 40.0 HU", "SD 0.0", "Min -1000  Max 40", "Area 11.2 mm²".
QStringList regionLines(const imaging::RegionStatistics& stats, const QString& unit);

// One line per region for stdout: "roi-stats ellipse pixels=21 mean=22.00 sd=... min=... max=... area-mm2=...".
QString regionReport(const ViewRegion& region, const imaging::RegionStatistics& stats);

// Draws every region (outline and statistics), arrow and note; toScreen maps image pixel
// coordinates to the widget.
void drawAnnotations(QPainter& painter, const ViewAnnotations& annotations, const imaging::Volume& volume, int slice,
                     const std::function<QPointF(const QPointF&)>& toScreen);
