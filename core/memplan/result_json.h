// The contract's `eval --json` output, and readable text for notes and assumptions.
#pragma once

#include "memplan/evaluation.h"
#include "memplan/plan.h"

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace memplan {

std::string noteText(Note n);

// Assumptions worth stating for this plan (derived shape, defaults taken, recipe table), as
// codes with arguments: the CLI and the JSON print the English template filled in, the
// window translates the template (context "memplan::assumptions") and fills in the same args.
enum class AssumptionKind {
    DerivedShape,     // %1 params, %2 layers, %3 hidden, %4 ffn, %5 heads, %6 KV, %7 vocab, %8 rule
    Textbook,         // textbook accounting's rules
    RecipeTable,      // %1 recipe key, %2 "weights=bf16 gradients=..."
    PeakOfStep,       // %1 moment label, %2 True/False (zero_grad's set_to_none)
    PeakOfGeneration, // %1 moment label
    AllocatorReserveDefault, // %1 distinct batch shapes
    FrameworkProfile,        // %1 training.framework
    RuntimeOverheadDefault,
    ServingBudget, // %1 batched tokens, %2 sampler sequences, %3 block size
    CudaGraphsInBudget,
    CudaGraphsAfterBudget,
    ContextOutsideBudget,
    PolicyPairedBatch,     // %1 policy method (DPO: chosen + rejected)
    PolicyWithCompletions, // %1 policy method (PPO/GRPO: prompt + completion)
    VisionWindows,         // %1 windowed blocks, %2 blocks, %3 window px, %4 patches per window
    Count
};
struct Assumption {
    AssumptionKind kind;
    std::vector<std::string> args;
};
std::vector<Assumption> assumptionList(const Plan& plan, const Evaluation& e);
// The English template with %1.. placeholders.
std::string_view assumptionTemplate(AssumptionKind kind);
// The template with its arguments filled in.
std::string assumptionText(const Assumption& a);
// assumptionText of each assumptionList entry.
std::vector<std::string> assumptions(const Plan& plan, const Evaluation& e);
std::vector<std::string> warnings(const Plan& plan, const Evaluation& e);

// The contract's output object (sizes in integer bytes), plus extension keys
// ("breakdown" with parts, "timeline").
nlohmann::json evaluationToJson(const Plan& plan, const Evaluation& e);
// The `serving` object of eval --json (method=serving, and GRPO's rollout engine).
nlohmann::json servingFiguresJson(const ServingFigures& f);
// The `models` list of eval --json (method=dpo|ppo|grpo): one entry per model.
nlohmann::json modelsJson(const Plan& plan, const Evaluation& e);

} // namespace memplan
