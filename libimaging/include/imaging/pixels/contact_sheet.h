#pragma once
// A contact sheet: thumbnails of a series on a grid in one picture, each labelled with its slice
// number only (never identity), for reports.
#include <string>
#include <vector>

#include "imaging/pixels/frame.h"

namespace imaging {

struct ContactSheetOptions {
  int columns = 0;        // 0: about square (ceil(sqrt(n)))
  int tile_size = 128;    // each thumbnail fits inside tile_size x tile_size
  int gap = 4;            // pixels between cells and around the sheet
};

// Where things go on a sheet (all in pixels).
struct ContactSheetLayout {
  int columns = 0, rows = 0;
  int cell_width = 0, cell_height = 0;  // thumbnail box plus the label strip under it
  int label_height = 0;
  int width = 0, height = 0;            // the whole sheet
  int gap = 0;
  // Top-left corner of cell i (row-major).
  int cellX(std::size_t i) const { return gap + static_cast<int>(i % static_cast<std::size_t>(columns)) * (cell_width + gap); }
  int cellY(std::size_t i) const { return gap + static_cast<int>(i / static_cast<std::size_t>(columns)) * (cell_height + gap); }
};

ContactSheetLayout contactSheetLayout(std::size_t count, const ContactSheetOptions& options = {});

// thumbnails: already fitted inside tile_size (larger ones are shrunk); each is centred in the
// thumbnail box of its cell, with labels[i] (digits, '/', '-' and spaces) drawn below it.
// The sheet is gray unless a thumbnail is colour. Throws Error(InvalidArgument) when empty.
Rgb8Image makeContactSheet(const std::vector<Rgb8Image>& thumbnails, const std::vector<std::string>& labels,
                           const ContactSheetOptions& options = {});

// Offset of a w x h thumbnail inside its tile box (centred), as makeContactSheet places it.
inline int centredOffset(int box, int size) { return (box - size) / 2; }

}  // namespace imaging
