#pragma once
// Pure helpers for the slice view: orientation letters and a readable scale-bar length.
#include <array>
#include <string>

// Patient-direction letters (L/R, A/P, H/F) of a unit vector in patient coordinates (LPS), most
// significant first; components under 0.3 are left out. Empty for a zero vector.
std::string orientationLetters(const std::array<double, 3>& direction);

// A round length in mm (1, 2, 5, 10, 20, 50, ...) not longer than max_mm.
double niceScaleLength(double max_mm);
