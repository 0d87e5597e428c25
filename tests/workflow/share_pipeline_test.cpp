// The one share orchestration (imaging/workflow/share_pipeline.h): stages in order, one scan,
// verify on the written copy, selection applied, cancel, and a refusal that sends nothing.
#include "imaging/workflow/share_pipeline.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <vector>

#include "imaging/core/error.h"
#include "imaging/deid/profile.h"
#include "imaging/media/scan.h"
#include "workflow_fixture.h"

namespace {

using namespace imaging;
namespace fs = std::filesystem;

ShareRequest requestFor(const fs::path& input, const fs::path& out) {
  ShareRequest request;
  request.input = input;
  request.options.deid = makeDeidConfig(workflow_fixture::testKey(), Profile::defaultProfile());
  request.options.flush_to_disk = false;
  request.output = out;
  request.key = workflow_fixture::testKey();
  return request;
}

TEST(SharePipeline, ScansExportsAndVerifiesInOrder) {
  const fs::path input = workflow_fixture::makeInput("share_pipeline_order");
  const fs::path out = input.parent_path() / "out";
  ShareRequest request = requestFor(input, out);
  std::mutex mutex;
  std::vector<ShareStage> stages;
  request.progress = [&](ShareStage stage, std::size_t, std::size_t) {
    std::lock_guard<std::mutex> lock(mutex);
    if (stages.empty() || stages.back() != stage) stages.push_back(stage);
  };
  int selections = 0;
  request.select = [&](const Inventory& inventory, AnonymizeOptions&) {
    ++selections;
    EXPECT_EQ(inventory.instanceCount(), 4u);
  };
  const ShareOutcome outcome = SharePipeline(std::move(request)).run();
  EXPECT_EQ(selections, 1);
  EXPECT_EQ(outcome.result.kept, 4u);
  ASSERT_TRUE(outcome.verdict.has_value());
  EXPECT_TRUE(outcome.verdict->clean()) << outcome.verdict->findings.size() << " findings";
  EXPECT_FALSE(outcome.refused());
  EXPECT_FALSE(outcome.sent.has_value());
  EXPECT_TRUE(fs::exists(out / "DICOMDIR"));
  ASSERT_GE(stages.size(), 3u);
  EXPECT_EQ(stages.front(), ShareStage::Scan);
  EXPECT_EQ(stages[stages.size() - 2], ShareStage::Export);
  EXPECT_EQ(stages.back(), ShareStage::Verify);
}

TEST(SharePipeline, ReusesTheCallersScanAndVerifiesTheSelectionWithoutDanglingReferences) {
  const fs::path input = workflow_fixture::makeInput("share_pipeline_scanned");
  const auto scanned = std::make_shared<const Inventory>(scan(input));
  ShareRequest request = requestFor(input, input.parent_path() / "out");
  request.scanned = scanned;
  bool scan_reported = false;
  request.progress = [&](ShareStage stage, std::size_t, std::size_t) { scan_reported |= stage == ShareStage::Scan; };
  // Only series 5 of patient A: the instance referenced from series 1 is left out on purpose.
  request.select = [](const Inventory& inventory, AnonymizeOptions& options) {
    inventory.forEachInstance([&](const Patient&, const Study&, const Series& se, const Instance&) {
      if (se.number == 5 && options.series.empty()) options.series.push_back(se.series_instance_uid);
    });
  };
  const ShareOutcome outcome = SharePipeline(std::move(request)).run();
  EXPECT_FALSE(scan_reported);
  EXPECT_EQ(outcome.source.get(), scanned.get());
  EXPECT_EQ(outcome.result.kept, 1u);
  EXPECT_EQ(outcome.applied.series.size(), 1u);
  EXPECT_EQ(leftOutInstances(*scanned, outcome.applied.series).size(), 3u);
  ASSERT_TRUE(outcome.verdict.has_value());
  EXPECT_TRUE(outcome.verdict->clean());
}

TEST(SharePipeline, CancelDuringExportWritesNothing) {
  const fs::path input = workflow_fixture::makeInput("share_pipeline_cancel");
  const fs::path out = input.parent_path() / "out";
  std::atomic<bool> cancel{false};
  ShareRequest request = requestFor(input, out);
  request.jobs = 1;
  request.cancel = &cancel;
  request.progress = [&](ShareStage stage, std::size_t done, std::size_t) {
    if (stage == ShareStage::Export && done >= 1) cancel.store(true);
  };
  try {
    SharePipeline(std::move(request)).run();
    FAIL() << "no Cancelled error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Cancelled);
  }
  EXPECT_FALSE(fs::exists(out));
}

TEST(SharePipeline, AVerdictWithAnIdentifierRefusesTheSendAndSendsNothing) {
  const fs::path input = workflow_fixture::makeInput("share_pipeline_refuse");
  // A description that names the patient, kept verbatim on the clinic's word: verify still sees it.
  export_fixtures::Spec leaky;
  leaky.series_description = "Knee for Alice Fixture";
  leaky.sop_uid += ".9";
  leaky.series_uid += ".9";
  leaky.series_number = 9;
  export_fixtures::write(input / "Alice_Fixture" / "img9", leaky);
  ShareRequest request = requestFor(input, {});  // no output: a temporary copy for the send
  request.options.deid.keep_text_verbatim.push_back(AttributeKey{0x0008, 0x103E});
  SendDestination nowhere;
  nowhere.peer = parseDicomPeer("NOBODY@127.0.0.1:9");  // never contacted: the verdict refuses first
  request.destination = nowhere;
  const ShareOutcome outcome = SharePipeline(std::move(request)).run();
  ASSERT_TRUE(outcome.verdict.has_value());
  EXPECT_TRUE(outcome.refused());
  EXPECT_FALSE(outcome.sent.has_value());
  EXPECT_TRUE(outcome.temporary_output);
  EXPECT_FALSE(fs::exists(outcome.result.output));
}

TEST(SharePipeline, AnInputWithoutDicomIsAClearError) {
  const fs::path input = export_fixtures::freshDir("share_pipeline_empty") / "in";
  fs::create_directories(input);
  std::ofstream(input / "README.TXT") << "nothing here\n";
  SharePipeline pipeline(requestFor(input, input.parent_path() / "out"));
  try {
    pipeline.prepare();
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
  }
}

}  // namespace
