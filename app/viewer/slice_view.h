#pragma once
// The centre slice view: VTK renders the current slice into an offscreen render window; its pixels
// are copied into a QImage (OffscreenVtkWidget) and painted here, with Qt drawing the overlays
// (corner text, orientation letters, scale bar, measurements) on top.
#include <QLineF>
#include <QPointF>
#include <QString>
#include <memory>
#include <optional>
#include <vector>

#include <vtkNew.h>
#include <vtkSmartPointer.h>

#include "imaging/pixels/volume.h"
#include "offscreen_frame.h"
#include "view_annotations.h"
#include "view_presentation.h"
#include "view_turn.h"

class vtkFloatArray;
class vtkImageData;
class vtkImageSlice;
class vtkImageSliceMapper;
class vtkRenderer;

class SliceView : public OffscreenVtkWidget {
  Q_OBJECT
 public:
  explicit SliceView(QWidget* parent = nullptr);
  ~SliceView() override;

  // label: what the corner text calls the series (modality, number, description; never identity).
  void setVolume(std::shared_ptr<const imaging::Volume> volume, const QString& label);
  void clear();
  // The value of the image pixel under the mouse (after the modality LUT: HU for CT), shown in the
  // bottom right corner; empty when the mouse is not over the image.
  QString probeText() const;
  // Moves the mouse over image pixel (column, row) (0-based), as a person would.
  void moveMouseToPixel(double column, double row);
  // Presses the left button over image pixel `from`, moves to `to` in a few steps and releases it,
  // as a person would (the current tool decides what the drag does).
  void dragMouseBetweenPixels(const QPointF& from, const QPointF& to);
  // What an empty view says (default: how to open a medium).
  void setEmptyText(const QString& text) { empty_text_ = text; }
  bool hasVolume() const { return volume_ != nullptr; }
  const QString& seriesLabel() const { return label_; }

  int sliceIndex() const { return slice_; }
  int sliceCount() const;
  void setSlice(int index);
  imaging::Window window() const { return window_; }
  // A linear window; replaces a VOI LUT chosen before.
  void setWindow(const imaging::Window& window);
  // Shows the slice through a VOI LUT (from the file's VOI LUT Sequence) until a window is set.
  void setVoiLut(std::shared_ptr<const imaging::VoiLut> lut);
  bool showsVoiLut() const { return lut_ != nullptr; }
  std::shared_ptr<const imaging::VoiLut> voiLut() const { return lut_; }
  void setInvert(bool invert);
  // What the corner says about the grey look: "W 400  L 40", or "VOI LUT <explanation>" while a
  // VOI LUT is applied.
  QString windowText() const;
  bool inverted() const { return invert_; }
  // Overlay planes (60xx) of the image, drawn in white on top of it; on by default.
  void setShowImageOverlays(bool show);
  bool showsImageOverlays() const { return show_image_overlays_; }
  void fit();
  void oneToOne();
  void zoomBy(double factor);
  // Moves the image by (dx, dy) screen pixels, as a left drag would.
  void panBy(const QPointF& screen_delta);
  // Left button tool: none (pan), length (drag), angle (three clicks: end, vertex, end), an
  // ellipse or rectangle region (drag its box), an arrow (drag from the tail to the head) or a text
  // note (click; asks for the text).
  enum class Tool { None, Length, Angle, Ellipse, Rectangle, Arrow, Note };
  void setTool(Tool tool);
  Tool tool() const { return tool_; }
  void setMeasuring(bool on) { setTool(on ? Tool::Length : Tool::None); }
  void clearMeasurements();
  void removeLastMeasurement();
  // Adds an angle (image pixel coordinates: column, row) as three clicks would; returns its
  // degrees, or -1 when it cannot be measured (no pixel spacing, or an arm of zero length).
  double addAngle(const QPointF& end_a, const QPointF& vertex, const QPointF& end_c);
  int measurementCount() const { return static_cast<int>(measurements_.size() + angles_.size()); }
  bool canMeasure() const;
  const imaging::Volume* volume() const { return volume_.get(); }

  // Where the image lies in widget coordinates (for tests that compare pixels): the bounding box
  // of the image as drawn, whatever its rotation.
  QRectF imageRect() const;

  // Rotate (clockwise, multiples of 90 degrees) and flip the picture; the orientation letters,
  // measurements and annotations follow. A new series starts unturned.
  void rotate(int degrees);
  // Zoom and pan so that `box` (image pixel edges) is centred: fitted in the view, or at a fixed
  // number of screen pixels per image pixel, or true size (a presentation state's displayed area).
  void showArea(const QRectF& box, std::optional<double> screen_pixels_per_image_pixel = std::nullopt, bool true_size = false);
  void flipHorizontally();
  void flipVertically();
  ViewTurn turn() const { return turn_; }
  // The orientation letters on the left, top, right and bottom sides (empty strings without geometry).
  QStringList orientationLetters() const;

  // Where another viewport's slice cuts this one (image pixel coordinates), drawn as a line;
  // nothing when empty.
  void setReferenceLine(const std::optional<QLineF>& line);
  const std::optional<QLineF>& referenceLine() const { return reference_line_; }
  // Image pixel coordinates to widget coordinates.
  QPointF imageToWidget(const QPointF& image) const { return imageToScreen(image); }

  // A presentation state applied to the image (shutter, graphics, texts); cleared by another series.
  void setPresentation(std::optional<ViewPresentation> presentation);
  const std::optional<ViewPresentation>& presentation() const { return presentation_; }

  // Regions with statistics, arrows and notes (image pixel coordinates); Delete removes them with
  // the measurements.
  void addRegion(const ViewRegion& region);
  void addArrow(const QPointF& from, const QPointF& to);
  void addNote(const QPointF& at, const QString& text);
  const ViewAnnotations& annotations() const { return annotations_; }
  // Puts back what was drawn on this series before (regions, arrows, notes kept for the session).
  void setAnnotations(const ViewAnnotations& annotations);
  // One "roi-stats ..." line per region on the current slice.
  QStringList regionReports() const;
  // The view as drawn, with or without what the person drew (measurements, regions, arrows, notes);
  // the corner text and orientation letters stay in both, the active viewport's border in neither.
  QImage picture(bool with_annotations);

 signals:
  void sliceChanged(int index, int count);
  void windowChanged(imaging::Window window);
  // A VOI LUT was chosen (setVoiLut); a linear window is announced by windowChanged.
  void voiLutChanged();
  void firstImageShown();
  // A mouse button was pressed over the view: it becomes the active viewport.
  void activated();

 protected:
  void paintEvent(QPaintEvent* event) override;
  void prepareRender(int w, int h) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;

 private:
  struct Measurement {
    QPointF a, b;  // image pixel coordinates (column, row)
  };
  struct Angle {
    QPointF a, vertex, c;  // image pixel coordinates
  };
  void updateCamera();
  void applyWindowToVtk();
  double worldPerScreenPixel() const;
  QPointF imageCentreMm() const;
  QPointF imageToScreen(const QPointF& image) const;
  QPointF screenToImage(const QPointF& screen) const;
  double lengthMm(const Measurement& m) const;
  std::optional<double> angleDegrees(const Angle& angle) const;
  void drawOverlays(QPainter& painter);
  void drawImageOverlay(QPainter& painter);

  std::shared_ptr<const imaging::Volume> volume_;
  QString label_;
  std::optional<QPoint> probe_;  // image column and row under the mouse
  QString empty_text_ = tr("Open a CD, folder or zip (File > Open, or drop it here)");
  vtkNew<vtkRenderer> renderer_;
  vtkNew<vtkImageData> image_data_;
  vtkSmartPointer<vtkFloatArray> values_;            // the volume's values, as VTK reads them
  vtkSmartPointer<vtkFloatArray> inverted_colours_;  // colour volumes: 255 - value, made on the first Invert
  static constexpr float kColourMaximum = 255.0f;    // colour samples run 0..255 (default window 127.5/256)
  vtkNew<vtkImageSliceMapper> mapper_;
  vtkNew<vtkImageSlice> image_slice_;
  bool first_shown_ = false;

  int slice_ = 0;
  imaging::Window window_;
  std::shared_ptr<const imaging::VoiLut> lut_;
  bool invert_ = false;
  bool show_image_overlays_ = true;
  double zoom_ = 1.0;       // relative to "fit"
  QPointF pan_mm_;          // focal point offset from the image centre (world mm)
  Tool tool_ = Tool::None;
  ViewTurn turn_;
  std::optional<QLineF> reference_line_;
  std::optional<ViewPresentation> presentation_;
  ViewAnnotations annotations_;
  bool hide_annotations_ = false;
  bool grabbing_picture_ = false;  // picture(): no active-viewport border
  std::vector<Measurement> measurements_;
  std::optional<Measurement> drawing_;
  std::vector<Angle> angles_;
  std::vector<QPointF> angle_clicks_;  // the clicks of the angle being drawn (0..2)
  QPointF angle_hover_;                // where its next point would go

  // The region or arrow being dragged (image pixel coordinates), drawn until the button is released.
  std::optional<std::pair<QPointF, QPointF>> sketch_;
  ViewAnnotations sketchAnnotations() const;
  bool pressDrawingTool(const QPointF& screen);

  enum class Drag { None, Pan, WindowLevel, Measure, Sketch } drag_ = Drag::None;
  QPointF drag_start_;
  imaging::Window drag_window_;
  QPointF drag_pan_;
};
