#pragma once
// Which of two copies of one instance the export keeps (InventoryBuilder::setDecodable).
#include "imaging/model/model.h"

namespace imaging::media {

// Whether the instance's pixels can be decoded here: no pixels, or a transfer syntax DCMTK 3.6.7
// knows (JPEG 2000 through OpenJPEG), except video and JPIP references.
bool decodableHere(const Instance& instance);

}  // namespace imaging::media
