#include "memplan/result_json.h"

#include "memplan/names.h"
#include "memplan/param_count.h"
#include "memplan/recipe.h"
#include "memplan/units.h"
#include "memplan/vision.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <nlohmann/json.hpp>

namespace memplan {

using nlohmann::json;

namespace {
// Byte counts as JSON integers; null for anything a 64-bit integer cannot hold exactly.
json toBytes(double v) {
    if (!std::isfinite(v) || std::fabs(v) >= 9.2e18)
        return nullptr;
    return static_cast<int64_t>(std::llround(v));
}

// Whole bytes for `values` that sum exactly to `target` (largest-remainder rounding): each
// value is floored, and the bytes left over go to the values with the largest fractions.
// The rounding error of any one value stays below one byte (plus what `target` itself adds).
template <std::size_t N>
std::array<int64_t, N> apportion(const std::array<double, N>& values, std::size_t count,
                                 int64_t target) {
    std::array<int64_t, N> out{};
    std::array<std::size_t, N> order{};
    int64_t sum = 0;
    for (std::size_t i = 0; i < count; ++i) {
        out[i] = static_cast<int64_t>(std::floor(std::max(0.0, values[i])));
        sum += out[i];
        order[i] = i;
    }
    if (count == 0)
        return out;
    auto frac = [&](std::size_t i) {
        return std::max(0.0, values[i]) - static_cast<double>(out[i]);
    };
    std::sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count),
              [&](std::size_t a, std::size_t b) { return frac(a) > frac(b); });
    // Normally 0 <= left < count; a target further off (rounding of huge values) is spread
    // one byte at a time, never below zero.
    int64_t left = target - sum;
    if (left >= static_cast<int64_t>(count)) {
        const int64_t each = left / static_cast<int64_t>(count);
        for (std::size_t i = 0; i < count; ++i)
            out[i] += each;
        left -= each * static_cast<int64_t>(count);
    }
    for (std::size_t k = 0; left > 0; k = (k + 1) % count, --left)
        ++out[order[k]];
    while (left < 0) {
        std::size_t largest = 0;
        for (std::size_t i = 1; i < count; ++i)
            if (out[i] > out[largest])
                largest = i;
        if (out[largest] == 0)
            break;
        const int64_t take = std::min(out[largest], -left);
        out[largest] -= take;
        left += take;
    }
    return out;
}

json componentJson(const ComponentBreakdown& c, int64_t bytes) {
    std::array<double, ComponentBreakdown::kMaxParts> values{};
    for (std::size_t i = 0; i < c.part_count; ++i)
        values[i] = c.parts[i].bytes;
    const auto whole = apportion(values, c.part_count, bytes);
    json parts = json::array();
    for (std::size_t i = 0; i < c.part_count; ++i)
        parts.push_back({{"label", std::string(c.parts[i].label)}, {"bytes", whole[i]}});
    return {{"bytes", bytes}, {"parts", parts}};
}

// The components of one moment as whole bytes summing exactly to `allocated`.
std::array<int64_t, kAllocatedComponentCount> momentBytes(const Moment& m, int64_t allocated) {
    std::array<double, kAllocatedComponentCount> values{};
    for (std::size_t c = 0; c < kAllocatedComponentCount; ++c)
        values[c] = m.resident[c].bytes;
    return apportion(values, kAllocatedComponentCount, allocated);
}

// "weights=bf16 gradients=bf16 ...": the dtype each tensor class gets. A QLoRA base is stored
// in 4 bits whatever the recipe (bitsandbytes Linear4bit); the recipe's weight dtype is then
// the adapters': "weights=nf4 (adapters bf16)".
std::string recipeTable(const TrainingSpec& t) {
    const DtypeTable table = effectiveTable(t);
    const bool qlora = t.method == Method::Qlora || (t.rl.policy && *t.rl.policy == Method::Qlora);
    // A forward pass has no gradients, master weights or optimizer states to name.
    const bool forwardOnly = t.method == Method::Inference || t.method == Method::Serving;
    std::string out;
    for (const auto& e : names(TensorClass{})) {
        if (forwardOnly && e.value != TensorClass::Weights && e.value != TensorClass::Activations)
            continue;
        if (!out.empty())
            out += " ";
        const std::string dtype(keyOf(table[static_cast<std::size_t>(e.value)]));
        if (qlora && e.value == TensorClass::Weights)
            out += std::string(e.key) + "=" + std::string(keyOf(t.quantization.quant_type)) +
                   " (adapters " + dtype + ")";
        else
            out += std::string(e.key) + "=" + dtype;
    }
    return out;
}

// The English templates, in AssumptionKind order (docs/tools/make_name_translations.py lists
// them for translation).
constexpr std::string_view kAssumptionTemplates[] = {
    "shape derived from %1 parameters: %2 layers, hidden %3, ffn %4, %5 heads (%6 KV), vocab %7 "
    "(rule: %8)",
    "textbook accounting: every tensor at the recipe's width, activations by (hidden + ffn) x seq "
    "x layers x bytes per instance; mixed precision counts fp32 master weights and moments as the "
    "ZeRO paper does",
    "recipe %1: %2",
    "peak taken at \"%1\" of the step; gradients freed by zero_grad(set_to_none=%2)",
    "peak taken at \"%1\" of the generation",
    "caching-allocator reserve from block rounding, %1 distinct batch shape(s) and load-time "
    "caching",
    "framework profile: %1",
    "runtime overhead 1343 MiB: CUDA context measured on a V100 (default)",
    "vLLM budget: gpu_memory_utilization x capacity - weights - profile-run activation peak "
    "(forward over %1 batched tokens, sampler over %2 sequences) - non-torch increase = KV "
    "cache, in blocks of %3 tokens",
    "CUDA graphs profiled inside the budget (VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS=1)",
    "CUDA graphs captured after the KV cache, on top of the budget (vLLM default)",
    "CUDA context and NCCL sit outside the budget (vLLM >= 0.9 takes its baseline after them)",
    "policy trains with method %1; chosen and rejected sequences double the batch",
    "policy trains with method %1; sequences are prompt (seq_len) + completion_len",
    "vision tower: %1 of %2 blocks attend within windows of %3 x %3 px (up to %4 patches), the "
    "others over the whole image",
};
static_assert(std::size(kAssumptionTemplates) == static_cast<std::size_t>(AssumptionKind::Count));
// A byte figure, or null while vLLM's budget is unknown (no capacity).
json knownBytes(bool known, double v) {
    return known ? toBytes(v) : json(nullptr);
}
} // namespace

std::string_view assumptionTemplate(AssumptionKind kind) {
    const auto i = static_cast<std::size_t>(kind);
    return i < std::size(kAssumptionTemplates) ? kAssumptionTemplates[i] : std::string_view();
}

std::string assumptionText(const Assumption& a) {
    const std::string_view t = assumptionTemplate(a.kind);
    std::string out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '%' && i + 1 < t.size() && t[i + 1] >= '1' && t[i + 1] <= '9') {
            const auto n = static_cast<std::size_t>(t[i + 1] - '1');
            if (n < a.args.size())
                out += a.args[n];
            ++i;
        } else {
            out += t[i];
        }
    }
    return out;
}

std::vector<Assumption> assumptionList(const Plan& plan, const Evaluation& e) {
    std::vector<Assumption> out;
    const ModelSpec& m = plan.model;
    if (m.shape_derived)
        out.push_back(
            {AssumptionKind::DerivedShape,
             {formatCount(e.params_total), std::to_string(m.layers), std::to_string(m.hidden),
              std::to_string(m.ffn), std::to_string(m.heads), std::to_string(m.kv_heads),
              std::to_string(m.vocab), describeShapeRule(m.scaled_from)}});
    const Method method = plan.training.method;
    if (method == Method::Serving) {
        const ServingFigures& f = e.serving;
        out.push_back({AssumptionKind::ServingBudget,
                       {std::to_string(f.max_num_batched_tokens),
                        std::to_string(std::min(f.max_num_seqs, f.max_num_batched_tokens)),
                        std::to_string(f.block_size)}});
        out.push_back({plan.training.serving.cuda_graphs_in_budget
                           ? AssumptionKind::CudaGraphsInBudget
                           : AssumptionKind::CudaGraphsAfterBudget,
                       {}});
        out.push_back({AssumptionKind::ContextOutsideBudget, {}});
        out.push_back({AssumptionKind::RecipeTable,
                       {std::string(keyOf(plan.training.precision)), recipeTable(plan.training)}});
    } else {
        if (method == Method::Dpo || method == Method::Ppo || method == Method::Grpo)
            out.push_back({method == Method::Dpo ? AssumptionKind::PolicyPairedBatch
                                                 : AssumptionKind::PolicyWithCompletions,
                           {std::string(keyOf(plan.training.rl.policy.value_or(Method::Full)))}});
        if (plan.training.accounting == Accounting::Textbook) {
            out.push_back({AssumptionKind::Textbook, {}});
        } else {
            out.push_back(
                {AssumptionKind::RecipeTable,
                 {std::string(keyOf(plan.training.precision)), recipeTable(plan.training)}});
            // Only a training step has gradients to free; a generation has none.
            const std::string moment(e.moments[e.peak_moment].label);
            if (method == Method::Inference)
                out.push_back({AssumptionKind::PeakOfGeneration, {moment}});
            else
                out.push_back({AssumptionKind::PeakOfStep,
                               {moment, plan.training.grads_to_none ? "True" : "False"}});
            if (!plan.hardware.allocator_reserve_fraction)
                out.push_back({AssumptionKind::AllocatorReserveDefault,
                               {std::to_string(plan.training.distinct_shapes)}});
            out.push_back(
                {AssumptionKind::FrameworkProfile, {std::string(keyOf(plan.training.framework))}});
        }
    }
    if (!plan.hardware.runtime_overhead_gib && plan.hardware.gpu.empty())
        out.push_back({AssumptionKind::RuntimeOverheadDefault, {}});
    if (const int64_t windowed = visionWindowedBlocks(m.vision); windowed > 0)
        out.push_back({AssumptionKind::VisionWindows,
                       {std::to_string(windowed), std::to_string(m.vision.layers),
                        std::to_string(m.vision.window_size),
                        std::to_string(visionPatchesPerWindow(m.vision))}});
    return out;
}

json servingFiguresJson(const ServingFigures& f) {
    const bool k = f.budget_known;
    json j;
    // The contract's three figures, then the steps that lead to them.
    j["kv_cache_tokens"] = k ? json(static_cast<int64_t>(f.kv_cache_tokens)) : json(nullptr);
    j["max_concurrent_sequences"] =
        k ? json(std::floor(f.max_concurrent_sequences * 100) / 100) : json(nullptr);
    j["longest_single_sequence"] =
        k ? json(static_cast<int64_t>(f.longest_single_sequence)) : json(nullptr);
    j["fits_one_sequence"] = k ? json(f.fits_one_sequence) : json(nullptr);
    j["max_model_len"] = f.max_model_len;
    j["max_num_seqs"] = f.max_num_seqs;
    j["max_num_batched_tokens"] = f.max_num_batched_tokens;
    j["block_size"] = f.block_size;
    j["requested_memory"] = knownBytes(k, f.requested);
    j["weights"] = toBytes(f.weights);
    j["expert_weights"] = toBytes(f.expert_weights);
    j["activation_peak"] = toBytes(f.activation_peak);
    j["expert_all_to_all"] = toBytes(f.all_to_all);
    j["non_torch_memory"] = toBytes(f.non_torch);
    j["all_to_all_buffers"] = toBytes(f.all_to_all_buffers);
    j["cuda_graphs"] = toBytes(f.cuda_graphs);
    j["kv_cache_available"] = knownBytes(k, f.kv_available);
    j["kv_cache_bytes"] = knownBytes(k, f.kv_bytes);
    j["kv_cache_blocks"] = k ? json(static_cast<int64_t>(f.num_blocks)) : json(nullptr);
    j["kv_cache_groups"] = static_cast<int64_t>(f.num_groups);
    j["blocks_per_sequence"] = static_cast<int64_t>(f.blocks_per_sequence);
    j["kv_bytes_per_token"] = f.kv_bytes_per_token;
    j["kv_element_bytes"] = f.kv_element_bytes;
    return j;
}

json modelsJson(const Plan& plan, const Evaluation& e) {
    json list = json::array();
    for (std::size_t i = 0; i < e.multi.count; ++i) {
        const ModelShare& s = e.multi.models[i];
        const ModelSpec* m = &plan.model;
        if (s.role == ModelRole::Reference && plan.training.rl.reference_model.model)
            m = plan.training.rl.reference_model.model.get();
        if (s.role == ModelRole::Critic && plan.training.rl.critic.model)
            m = plan.training.rl.critic.model.get();
        if (s.role == ModelRole::Reward && plan.training.rl.reward.model)
            m = plan.training.rl.reward.model.get();
        json per = json::object();
        int64_t sum = 0;
        for (std::size_t c = 0; c < kAllocatedComponentCount; ++c) {
            const int64_t b = std::llround(s.bytes[c]);
            per[std::string(keyOf(static_cast<Component>(c)))] = b;
            sum += b;
        }
        per["total"] = sum;
        json mj = {{"name", std::string(labelOf(s.role)) +
                                (m->name.empty() ? std::string() : " (" + m->name + ")")},
                   {"role", std::string(keyOf(s.role))},
                   {"placement", s.colocated ? "colocated" : "separate"},
                   {"offloaded", s.offloaded},
                   {"per_gpu", per}};
        list.push_back(mj);
    }
    return list;
}

std::vector<std::string> assumptions(const Plan& plan, const Evaluation& e) {
    std::vector<std::string> out;
    for (const Assumption& a : assumptionList(plan, e))
        out.push_back(assumptionText(a));
    return out;
}

std::vector<std::string> warnings(const Plan& plan, const Evaluation& e) {
    (void)plan;
    std::vector<std::string> out;
    for (std::size_t i = 0; i < kNoteCount; ++i)
        if (e.has(static_cast<Note>(i)))
            out.push_back(noteText(static_cast<Note>(i)));
    if (!e.ok)
        out.push_back(std::string(e.refusal));
    return out;
}

json evaluationToJson(const Plan& plan, const Evaluation& e) {
    json j;
    j["schema_version"] = 1;
    json perGpu = json::object();
    if (e.ok) {
        // Round each component, then sum the integers, so the contract's identities hold
        // exactly: the components sum to peak_allocated, and total = peak + overhead.
        int64_t peak = 0;
        for (std::size_t c = 0; c < kAllocatedComponentCount; ++c) {
            const int64_t b = std::llround(e.per_gpu[c].bytes);
            perGpu[std::string(keyOf(static_cast<Component>(c)))] = b;
            peak += b;
        }
        const int64_t overhead = std::llround(e.runtime_overhead);
        perGpu["runtime_overhead"] = overhead;
        perGpu["peak_allocated"] = peak;
        perGpu["total"] = peak + overhead;
        // The band and the reserved peak as integers that keep low <= total <= high and
        // peak_allocated <= peak_reserved exactly.
        const int64_t total = peak + overhead;
        perGpu["total_low"] = std::min(total, static_cast<int64_t>(std::llround(e.total_low)));
        perGpu["total_high"] = std::max(total, static_cast<int64_t>(std::llround(e.total_high)));
        perGpu["peak_reserved"] =
            std::max(peak, static_cast<int64_t>(std::llround(e.peak_reserved)));
        if (e.has_capacity) {
            const int64_t capacity = std::llround(e.capacity);
            j["capacity"] = capacity;
            j["fits"] = capacity - (peak + overhead) >= 0;
            j["headroom"] = capacity - (peak + overhead);
        }
    } else {
        for (const auto& c : names(Component{}))
            perGpu[std::string(c.key)] = nullptr;
        perGpu["peak_allocated"] = nullptr;
        perGpu["total"] = nullptr;
        perGpu["total_low"] = nullptr;
        perGpu["total_high"] = nullptr;
        perGpu["peak_reserved"] = nullptr;
    }
    j["per_gpu"] = perGpu;
    if (!(e.has_capacity && e.ok)) {
        j["capacity"] = e.has_capacity ? json(toBytes(e.capacity)) : json(nullptr);
        j["fits"] = e.has_capacity ? json(false) : json(nullptr);
        j["headroom"] = nullptr;
    }
    j["host"] = e.ok ? toBytes(e.host) : json(nullptr);
    j["params"] = {{"total", toBytes(e.params_total)}, {"trainable", toBytes(e.params_trainable)}};
    j["assumptions"] = assumptions(plan, e);
    j["warnings"] = warnings(plan, e);

    // Extensions: what each component is made of, and the step's moments. Whole bytes with
    // exact sums: the parts of a component sum to its bytes (= per_gpu's figure), each
    // moment's components sum to its allocated bytes, and the largest moment is the peak.
    const bool exact = e.ok && std::isfinite(e.total) && e.total < 9.2e18;
    json breakdown = json::object();
    for (const auto& c : names(Component{})) {
        const ComponentBreakdown& b = e.per_gpu[static_cast<std::size_t>(c.value)];
        breakdown[std::string(c.key)] =
            exact ? componentJson(b, std::llround(b.bytes))
                  : json{{"bytes", toBytes(b.bytes)}, {"parts", json::array()}};
    }
    j["breakdown"] = breakdown;
    const int64_t peak = exact ? perGpu.at("peak_allocated").get<int64_t>() : 0;
    json timeline = json::array();
    for (std::size_t i = 0; i < e.moment_count; ++i) {
        const Moment& m = e.moments[i];
        json mj = {{"label", std::string(m.label)},
                   {"phase", std::string(keyOf(m.phase))},
                   {"peak", i == e.peak_moment}};
        if (exact) {
            // No moment exceeds the peak; the peak moment is exactly peak_allocated.
            const int64_t allocated =
                i == e.peak_moment ? peak : std::min<int64_t>(peak, std::llround(m.allocated()));
            const auto parts = momentBytes(m, allocated);
            mj["allocated"] = allocated;
            for (std::size_t c = 0; c < kAllocatedComponentCount; ++c)
                mj[std::string(keyOf(static_cast<Component>(c)))] = parts[c];
        } else {
            mj["allocated"] = toBytes(m.allocated());
            for (std::size_t c = 0; c < kAllocatedComponentCount; ++c)
                mj[std::string(keyOf(static_cast<Component>(c)))] = toBytes(m.resident[c].bytes);
        }
        timeline.push_back(mj);
    }
    j["timeline"] = timeline;
    if (e.serving.present)
        j["serving"] = servingFiguresJson(e.serving);
    if (e.multi.count > 0)
        j["models"] = modelsJson(plan, e);
    if (e.multi.rollout.present)
        j["rollout"] = servingFiguresJson(e.multi.rollout);
    json parts = json::array();
    for (std::size_t i = 0; i < e.memory_part_count; ++i) {
        const auto& p = e.memory_parts[i];
        parts.push_back({{"label", std::string(p.label)},
                         {"bytes", toBytes(p.bytes)},
                         {"max_memory_allocated", p.allocated},
                         {"max_memory_reserved", p.reserved},
                         {"nvidia_smi", p.nvidiaSmi}});
    }
    j["memory_parts"] = parts;
    j["verdict"] = e.has_capacity && e.ok ? json(std::string(keyOf(verdictOf(e)))) : json(nullptr);
    j["ok"] = e.ok;
    return j;
}

} // namespace memplan
