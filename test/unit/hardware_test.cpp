#include "core/hardware.h"

#include <gtest/gtest.h>

namespace hw = ciprov::core::hardware;

TEST(Hardware, PlatformPrefersMiscThenFirstCompatible) {
  hw::Environment env;
  EXPECT_FALSE(hw::platform(env).has_value());
  env.compatible = {"radxa,rock-pi-4b", "rockchip,rk3399"};
  env.compatible_first = "radxa,rock-pi-4b";
  EXPECT_EQ(*hw::platform(env), "radxa,rock-pi-4b");
  env.misc_platform = "rk3399-rock-pi-4b";
  EXPECT_EQ(*hw::platform(env), "rk3399-rock-pi-4b");
}

TEST(Hardware, RunsOnPlatformOrAnyCompatible) {
  hw::Environment env;
  env.misc_platform = "qemu-x86";
  env.compatible = {"qemu,x86", "x86"};
  env.compatible_first = "qemu,x86";
  EXPECT_TRUE(hw::runs_on(env, "qemu-x86"));
  EXPECT_TRUE(hw::runs_on(env, "x86"));
  EXPECT_FALSE(hw::runs_on(env, "qemu"));
  EXPECT_FALSE(hw::runs_on(hw::Environment{}, ""));
}

TEST(Hardware, KeysAreDistinctAndAgreeWithRunsOn) {
  hw::Environment env;
  env.misc_platform = "x86";
  env.compatible = {"qemu,x86", "x86", "qemu,x86"};
  auto keys = hw::keys(env);
  EXPECT_EQ(keys, (std::vector<std::string_view>{"x86", "qemu,x86"}));
  for (auto k : keys) EXPECT_TRUE(hw::runs_on(env, k));
}
