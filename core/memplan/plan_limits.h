// The one definition of the ranges a plan's sizes may take. The plan reader rejects values
// outside them, the solver searches up to them, scenarios and sweeps clamp to them and the
// window's fields stop at them, so a value one front end accepts is never refused by another.
#pragma once

#include <cstdint>

namespace memplan::limits {

inline constexpr int64_t kMaxMicroBatch = 1'000'000;
inline constexpr int64_t kMaxSeqLen = 100'000'000;
inline constexpr int64_t kMaxNewTokens = kMaxSeqLen;
inline constexpr int64_t kMaxGradAccum = 1'000'000;
inline constexpr int64_t kMaxGpus = 10'000'000;
inline constexpr int64_t kMaxModelParallel = 1'000'000; // tp, pp
inline constexpr int64_t kMaxRank = 1'000'000;          // LoRA and GaLore ranks
// Parameter counts: below 1e3 no transformer exists; 1e15 keeps every byte count exact in a
// double (2^53 / 8 bytes per parameter is ~1.1e15).
inline constexpr double kMinParams = 1e3;
inline constexpr double kMaxParams = 1e15;

} // namespace memplan::limits
