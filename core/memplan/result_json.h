// The contract's `eval --json` output, and readable text for notes and assumptions.
#pragma once

#include "memplan/evaluation.h"
#include "memplan/plan.h"

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace memplan {

std::string noteText(Note n);
// Assumptions worth stating for this plan (derived shape, defaults taken, recipe table).
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
