#include "grey_look.h"

#include <vtkImageProperty.h>
#include <vtkLookupTable.h>
#include <vtkNew.h>

namespace {

// Entries of the inverted ramp: finer than the 8 bits a screen shows.
constexpr vtkIdType kRampEntries = 1024;

}  // namespace

void applyGreyLook(vtkImageProperty& property, const imaging::Window& window, const imaging::VoiLut* lut, bool inverted) {
  property.SetColorWindow(window.width);
  property.SetColorLevel(window.center);
  if (!lut || lut->entries.empty()) {
    if (!inverted) {
      property.SetLookupTable(nullptr);
      property.UseLookupTableScalarRangeOff();
      return;
    }
    // Inverted through a falling ramp over the window, not a negative colour window: VTK's
    // OpenGL slice mapper drew a negative window as a black picture (found 2026-12-06: every
    // image went black on Invert, and every MONOCHROME1 image, which is shown inverted).
    vtkNew<vtkLookupTable> ramp;
    ramp->SetNumberOfTableValues(kRampEntries);
    ramp->SetRange(window.center - window.width / 2.0, window.center + window.width / 2.0);
    for (vtkIdType i = 0; i < kRampEntries; ++i) {
      const double grey = 1.0 - static_cast<double>(i) / static_cast<double>(kRampEntries - 1);
      ramp->SetTableValue(i, grey, grey, grey, 1.0);
    }
    property.SetLookupTable(ramp);
    property.UseLookupTableScalarRangeOn();
    return;
  }
  // One table value per LUT entry over [first, first + n): value v lands on entry v - first.
  const auto count = static_cast<vtkIdType>(lut->entries.size());
  vtkNew<vtkLookupTable> table;
  table->SetNumberOfTableValues(count);
  table->SetRange(lut->first_mapped, lut->first_mapped + static_cast<double>(count));
  for (vtkIdType i = 0; i < count; ++i) {
    double grey = lut->map(static_cast<float>(lut->first_mapped + static_cast<double>(i))) / 255.0;
    if (inverted) grey = 1.0 - grey;
    table->SetTableValue(i, grey, grey, grey, 1.0);
  }
  property.SetLookupTable(table);
  property.UseLookupTableScalarRangeOn();
}
