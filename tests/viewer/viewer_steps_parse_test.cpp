// The --steps words of issue 14's tools and the rotate/flip arithmetic, without a window.
#include <gtest/gtest.h>

#include "view_turn.h"
#include "viewer_steps.h"

namespace {

std::vector<ViewerStep> parse(const char* text, QString* error_out = nullptr) {
  QString error;
  auto steps = parseViewerSteps(QString::fromUtf8(text), error);
  if (error_out) *error_out = error;
  return steps;
}

TEST(ViewerStepsParse, ToolsWithWordsAndNumbers) {
  const auto steps = parse("roi=ellipse,1,2,3,4;roi=rect,5,6,7,8;note=10,20,Tear, posterior horn;arrow=1,2,3,4;"
                           "save=/tmp/a.png;saveClean=/tmp/b.png;rotate=270;flipH;flipV;layout=2x2;cell=3,6;link=on;link=off;mip=20;help;"
                           "linkWindow=on;tool=ellipse;drag=1,2,3,4;keyPage=/tmp/k.pdf;mprZoom=coronal,1.5;mprPan=axial,-3,4");
  ASSERT_EQ(steps.size(), 21u);
  EXPECT_EQ(steps[19].kind, ViewerStep::Kind::MprZoom);
  EXPECT_EQ(steps[19].argument, "coronal");
  EXPECT_EQ(steps[19].values, (std::vector<double>{1.5}));
  EXPECT_EQ(steps[20].values, (std::vector<double>{-3, 4}));
  EXPECT_EQ(steps[18].kind, ViewerStep::Kind::KeyPage);
  EXPECT_EQ(steps[18].argument, "/tmp/k.pdf");
  EXPECT_EQ(steps[16].kind, ViewerStep::Kind::Tool);
  EXPECT_EQ(steps[16].argument, "ellipse");
  EXPECT_EQ(steps[17].kind, ViewerStep::Kind::Drag);
  EXPECT_EQ(steps[17].values, (std::vector<double>{1, 2, 3, 4}));
  EXPECT_EQ(steps[15].kind, ViewerStep::Kind::LinkWindow);
  EXPECT_EQ(steps[15].values[0], 1);
  EXPECT_EQ(steps[0].kind, ViewerStep::Kind::Roi);
  EXPECT_EQ(steps[0].argument, "ellipse");
  EXPECT_EQ(steps[0].values, (std::vector<double>{1, 2, 3, 4}));
  EXPECT_EQ(steps[1].argument, "rect");
  EXPECT_EQ(steps[2].kind, ViewerStep::Kind::Note);
  EXPECT_EQ(steps[2].argument, "Tear, posterior horn") << "a note's text keeps its commas";
  EXPECT_EQ(steps[2].values, (std::vector<double>{10, 20}));
  EXPECT_EQ(steps[4].kind, ViewerStep::Kind::Save);
  EXPECT_EQ(steps[4].argument, "/tmp/a.png");
  EXPECT_EQ(steps[5].kind, ViewerStep::Kind::SaveClean);
  EXPECT_EQ(steps[6].values[0], 270);
  EXPECT_EQ(steps[9].kind, ViewerStep::Kind::Layout);
  EXPECT_EQ(steps[9].values[0], 4);
  EXPECT_EQ(steps[10].values, (std::vector<double>{3, 6}));
  EXPECT_EQ(steps[11].values[0], 1);
  EXPECT_EQ(steps[12].values[0], 0);
  EXPECT_EQ(steps[13].kind, ViewerStep::Kind::Mip);
  EXPECT_EQ(steps[14].kind, ViewerStep::Kind::Help);
  EXPECT_EQ(steps[3].text, "arrow=1,2,3,4");
}

TEST(ViewerStepsParse, ObliqueMprAndTheActiveViewport) {
  const auto steps = parse("mprRotate=axial,30;mprRotate=sagittal,-12.5;mprReset;active=2");
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[0].kind, ViewerStep::Kind::MprRotate);
  EXPECT_EQ(steps[0].argument, "axial");
  EXPECT_EQ(steps[0].values, (std::vector<double>{30}));
  EXPECT_EQ(steps[1].argument, "sagittal");
  EXPECT_EQ(steps[1].values, (std::vector<double>{-12.5}));
  EXPECT_EQ(steps[2].kind, ViewerStep::Kind::MprReset);
  EXPECT_EQ(steps[3].kind, ViewerStep::Kind::Active);
  EXPECT_EQ(steps[3].values, (std::vector<double>{2}));
}

TEST(ViewerStepsParse, BadToolStepsAreRefusedWithAMessage) {
  for (const char* bad : {"roi=circle,1,2,3,4", "roi=rect,1,2,0,4", "roi=rect,1,2,3", "rotate=45", "note=1,2,", "note=1,x,Text",
                          "arrow=1,2,3", "save=", "cell=5,1", "cell=0,1", "cell=2,1.5", "link=maybe", "linkWindow=", "tool=pen", "tool", "drag=1,2", "keyPage=", "mprZoom=oblique,2", "mprZoom=axial,0", "mprPan=axial,1", "layout=3x3", "mip=-1",
                          "mprRotate=oblique,30", "mprRotate=axial", "mprRotate=axial,x", "mprReset=1", "active=0", "active=5", "active=1.5", "active"}) {
    QString error;
    EXPECT_TRUE(parse(bad, &error).empty()) << bad;
    EXPECT_FALSE(error.isEmpty()) << bad;
  }
}

TEST(ViewerTurnArithmetic, SequencesReduceToATurnAndAMirror) {
  const ViewTurn none;
  EXPECT_TRUE(none.rotated(90).rotated(270).isIdentity());
  EXPECT_TRUE(none.flippedHorizontally().flippedHorizontally().isIdentity());
  EXPECT_TRUE(none.flippedHorizontally().flippedVertically().rotated(180).isIdentity());
  // Clockwise on the screen (y down): what was to the right goes down.
  const QPointF right(1, 0);
  EXPECT_EQ(none.rotated(90).toScreen(right), QPointF(0, 1));
  EXPECT_EQ(none.flippedHorizontally().toScreen(right), QPointF(-1, 0));
  EXPECT_EQ(none.flippedVertically().toScreen(QPointF(0, 1)), QPointF(0, -1));
  EXPECT_EQ(none.flippedVertically().toScreen(right), right);
  // toImage undoes toScreen for every state.
  for (int q = 0; q < 4; ++q)
    for (bool m : {false, true}) {
      const ViewTurn t{q, m};
      const QPointF p(3, -7);
      EXPECT_EQ(t.toImage(t.toScreen(p)), p);
    }
}

}  // namespace
