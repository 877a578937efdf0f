// CancellationRegistry: flags by id, and cancellations that arrive before
// their request (a batch's later calls, a call whose thread had not
// started).
#include <gtest/gtest.h>

#include "mcp/cancellation.h"

namespace sctrace::mcp {
namespace {

TEST(Cancellation, ACancelInFlightSetsTheFlagAndSuppressesTheResponse) {
  CancellationRegistry r;
  auto flag = r.add(7);
  ASSERT_NE(flag, nullptr);
  EXPECT_FALSE(*flag);
  EXPECT_TRUE(r.cancel(7));
  EXPECT_TRUE(*flag);
  EXPECT_TRUE(r.remove(7)); // cancelled: no response
}

TEST(Cancellation, ACancelBeforeItsRequestMakesItStartCancelled) {
  CancellationRegistry r;
  EXPECT_FALSE(r.cancel(8)); // not in flight yet
  auto flag = r.add(8);
  ASSERT_NE(flag, nullptr);
  EXPECT_TRUE(*flag);
  EXPECT_TRUE(r.remove(8));
  // Remembered once: another request is not affected.
  auto other = r.add(9);
  EXPECT_FALSE(*other);
}

TEST(Cancellation, IdsKeepTheirTypeAndEarlyCancelsAreBounded) {
  CancellationRegistry r;
  EXPECT_FALSE(r.cancel("10"));
  EXPECT_FALSE(*r.add(10)); // 10 is not "10"
  for (int i = 0; i < 100; ++i)
    r.cancel(1000 + i);
  EXPECT_FALSE(*r.add(1000)); // the oldest was forgotten
  EXPECT_TRUE(*r.add(1099));
}

TEST(Cancellation, CancelAllCancelsEveryFlagAndEveryLaterOne) {
  CancellationRegistry r;
  auto a = r.add("a");
  r.cancel_all();
  EXPECT_TRUE(*a);
  EXPECT_TRUE(*r.add("b"));
}

} // namespace
} // namespace sctrace::mcp
