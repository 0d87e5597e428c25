#include "grey_look.h"

#include <vtkImageProperty.h>
#include <vtkLookupTable.h>
#include <vtkNew.h>

void applyGreyLook(vtkImageProperty& property, const imaging::Window& window, const imaging::VoiLut* lut, bool inverted) {
  property.SetColorWindow(inverted ? -window.width : window.width);
  property.SetColorLevel(window.center);
  if (!lut || lut->entries.empty()) {
    property.SetLookupTable(nullptr);
    property.UseLookupTableScalarRangeOff();
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
