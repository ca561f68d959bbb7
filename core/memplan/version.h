#pragma once
namespace memplan {
inline constexpr const char* kVersion = "0.1.0";
inline constexpr int kPlanSchemaVersion = 1;
} // namespace memplan
