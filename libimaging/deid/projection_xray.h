#pragma once
// Projection X-ray images (CR, DX, MG, IO, PX, XA, RF): old radiography systems print the
// patient's name, ID or birth date into the pixels without setting Burned In Annotation, so the
// flag alone is not trusted for them (docs/burned-in.md, "Projection X-ray: screened").
#include <string>

namespace imaging::deid {

// Whether an image of this SOP class or modality is a projection X-ray. Either is enough: a DX
// object written by a CR reader still says CR, a panoramic dental image is a DX class with PX.
bool isProjectionXray(const std::string& sop_class_uid, const std::string& modality);

}  // namespace imaging::deid
