// The share flow's burned-in preview (issue 18): the regions the blackout will cover are shaded on
// the first image, whole text lines included, and counted in the sentence shown beside it.
#include <gtest/gtest.h>

#include "burned_in_preview.h"
#include "line_scenes.h"

TEST(ViewerBurnedInPreview, ShadesEveryLineThatWillBeBlackedOut) {
  const auto dir = ocr_test::freshDir("viewer_preview");
  const auto scene = ocr_test::writeLineScene(
      dir / "in.dcm", ocr_test::LineStyle{22, 255, 255, 255, ocr_test::Background::Black, "preview"});
  const BurnedInLook look = lookForBurnedInText(scene.file, ocr_test::linePatient().identifiers());
  ASSERT_TRUE(look.error.isEmpty()) << look.error.toStdString();
  ASSERT_FALSE(look.image.isNull());
  EXPECT_GE(look.lines, 2);  // the ID and birth date lines may come as one region
  // The ink of every identifying line (white, 255) is drawn shaded: darker than it is. Only the
  // dashed white outline of a neighbouring region may cross it.
  for (const auto& line : scene.identifying) {
    int shaded = 0, ink = 0, area = 0;
    for (int y = line.y + 2; y < line.y + line.height - 2; ++y)
      for (int x = line.x + 2; x < line.x + line.width - 2; ++x) {
        const QRgb pixel = look.image.pixel(x, y);
        ++area;
        if (qRed(pixel) == 255 && qGreen(pixel) == 255) ++ink;
        else if (qRed(pixel) > 0 && qRed(pixel) < 200) ++shaded;  // overlapping regions shade twice
      }
    EXPECT_GT(shaded, 0) << "line at " << line.x << "," << line.y << " " << line.width << "x" << line.height << " not shaded; ink " << ink << " of " << area;
    EXPECT_LT(ink * 20, area) << "line at " << line.x << "," << line.y << " shows unshaded ink";
  }
  EXPECT_TRUE(describeBurnedInLook(look).contains("line(s) of text"));
}
