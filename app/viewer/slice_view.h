#pragma once
// The centre slice view: VTK renders the current slice into an offscreen render window; its pixels
// are copied into a QImage and painted here, with Qt drawing the overlays (corner text,
// orientation letters, scale bar, measurements) on top.
#include <QImage>
#include <QPointF>
#include <QString>
#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

#include <vtkNew.h>
#include <vtkSmartPointer.h>

#include "imaging/pixels/volume.h"

class vtkImageData;
class vtkImageSlice;
class vtkImageSliceMapper;
class vtkRenderer;
class vtkRenderWindow;

class SliceView : public QWidget {
  Q_OBJECT
 public:
  explicit SliceView(QWidget* parent = nullptr);
  ~SliceView() override;

  // label: what the corner text calls the series (modality, number, description; never identity).
  void setVolume(std::shared_ptr<const imaging::Volume> volume, const QString& label);
  void clear();
  bool hasVolume() const { return volume_ != nullptr; }

  int sliceIndex() const { return slice_; }
  int sliceCount() const;
  void setSlice(int index);
  imaging::Window window() const { return window_; }
  void setWindow(const imaging::Window& window);
  void setInvert(bool invert);
  bool inverted() const { return invert_; }
  void fit();
  void oneToOne();
  void zoomBy(double factor);
  void setMeasuring(bool on) { measuring_ = on; }
  void clearMeasurements();
  bool canMeasure() const;
  const imaging::Volume* volume() const { return volume_.get(); }

  // Where the image lies in widget coordinates (for tests that compare pixels).
  QRectF imageRect() const;
  // Renders now (synchronously) and returns milliseconds spent in VTK + copy.
  double renderNow();

 signals:
  void sliceChanged(int index, int count);
  void windowChanged(imaging::Window window);
  void firstImageShown();

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;

 private:
  struct Measurement {
    QPointF a, b;  // image pixel coordinates (column, row)
  };
  void renderVtk();
  void updateCamera();
  void applyWindowToVtk();
  double worldPerScreenPixel() const;
  QPointF imageToScreen(const QPointF& image) const;
  QPointF screenToImage(const QPointF& screen) const;
  double lengthMm(const Measurement& m) const;
  void drawOverlays(QPainter& painter);

  std::shared_ptr<const imaging::Volume> volume_;
  QString label_;
  vtkNew<vtkRenderWindow> render_window_;
  vtkNew<vtkRenderer> renderer_;
  vtkNew<vtkImageData> image_data_;
  vtkNew<vtkImageSliceMapper> mapper_;
  vtkNew<vtkImageSlice> image_slice_;
  QImage frame_;
  bool frame_dirty_ = true;
  bool first_shown_ = false;

  int slice_ = 0;
  imaging::Window window_;
  bool invert_ = false;
  double zoom_ = 1.0;       // relative to "fit"
  QPointF pan_mm_;          // focal point offset from the image centre (world mm)
  bool measuring_ = false;
  std::vector<Measurement> measurements_;
  std::optional<Measurement> drawing_;

  enum class Drag { None, Pan, WindowLevel, Measure } drag_ = Drag::None;
  QPointF drag_start_;
  imaging::Window drag_window_;
  QPointF drag_pan_;
};
