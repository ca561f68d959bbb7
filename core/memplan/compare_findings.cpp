#include "memplan/compare_findings.h"

#include "memplan/names.h"
#include "memplan/recipe.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>

#include <nlohmann/json.hpp>

namespace memplan {

namespace {

using nlohmann::json;
using Code = FindingCode;
using T = FindingArgType;

struct CodeInfo {
    FindingCode code;
    std::string_view key;
    std::string_view text;
};

// One row per code, in enum order (checked below).
constexpr CodeInfo kCodes[] = {
    {Code::Overview, "overview",
     "Each column is compared with the first (%1). Lowest: %2 (%3); highest: %4 (%5)."},
    {Code::SomeFit, "some_fit", "Fits in %1 per GPU: %2."},
    {Code::NoneFits, "none_fits", "None fits in %1 per GPU."},
    {Code::Refused, "refused", "%1 cannot be compared: the plan was refused (%2)."},
    {Code::Headline, "headline", "%1 needs %2 per GPU, %3 compared with %4 (%5)."},
    {Code::HeadlineSame, "headline_same", "%1 needs %2 per GPU, about the same as %3 (%4)."},
    {Code::LargestChange, "largest_change", "The largest change is in the %1 (%2)."},
    {Code::LargestChangePart, "largest_change_part",
     "The largest change is in the %1 (%2), mostly %3."},
    {Code::SeveralChanges, "several_changes",
     "Several settings change at once; the figures below are for all of them together."},
    {Code::SamePlan, "same_plan", "Both columns describe the same plan."},
    {Code::UnexplainedDifference, "unexplained_difference",
     "The plans differ in settings a column does not override; compare their assumptions."},
    {Code::ModelSize, "model_size",
     "%1 parameters instead of %2: weights, gradients and optimizer states scale with the "
     "parameter count (weights %3), activations with the layers and the hidden size (%4)."},
    {Code::LoraAdapters, "lora_adapters",
     "%1 trains only small adapter matrices (%2 parameters, %3 of %4): gradients and optimizer "
     "states exist only for them (optimizer states %5), while the frozen base weights stay on "
     "the GPU (weights %6)."},
    {Code::QloraNf4Base, "qlora_nf4_base",
     "QLoRA also stores the frozen base in NF4 (about 4.1 bits per weight), which is why its "
     "weights are a quarter of 16-bit ones."},
    {Code::QloraOverLora, "qlora_over_lora",
     "QLoRA is LoRA over a base quantized to NF4 (about 4.1 bits per weight instead of %1 "
     "bits): weights %2; the adapters and their optimizer states are the same."},
    {Code::InferenceForwardOnly, "inference_forward_only",
     "Inference runs the forward pass only: no gradients and no optimizer states; what remains "
     "is the weights (%1) and the KV cache (%2)."},
    {Code::TrainableCount, "trainable_count",
     "%1 trains %2 parameters instead of %3 (of %4): gradients and optimizer states follow the "
     "trainable count (optimizer states %5)."},
    {Code::StorageTypes, "storage_types", "%1 instead of %2 stores %3."},
    {Code::TextbookWidth, "textbook_width",
     "In textbook accounting every tensor is counted at the recipe's width (%1 \u2192 %2 bytes "
     "per value), so weights, gradients and activations scale with it (weights %3; activations "
     "%4)."},
    {Code::TextbookMixedStates, "textbook_mixed_states",
     "Mixed precision is counted as the ZeRO paper does: fp32 master weights and moments, 12 "
     "bytes per parameter of optimizer states (optimizer states %1)."},
    {Code::QuantizedFrozenBase, "quantized_frozen_base",
     "%1 in realistic accounting means a quantized, frozen base: int8/int4 matrices cannot be "
     "trained directly, so only the embeddings, norms and head train (%2 of %3 parameters) and "
     "the gradients and optimizer states shrink with them (optimizer states %4). The layer "
     "weights are stored as codes plus scales (weights %5)."},
    {Code::QuantizedBaseTrainsAgain, "quantized_base_trains_again",
     "%1 treats the quantized base as frozen; %2 trains all %3 parameters again, so gradients "
     "and optimizer states come back (optimizer states %4)."},
    {Code::MasterCopyAdded, "master_copy_added",
     "Mixed precision keeps an fp32 master copy of the weights (%1, counted as optimizer "
     "states) beside the 16-bit weights, and the Adam moments stay in fp32, so the model states "
     "do not halve (weights + gradients + optimizer states %2). What halves is the weights (%3) "
     "and the activations (%4)."},
    {Code::Fp32NoMasterCopy, "fp32_no_master_copy",
     "FP32 needs no separate master copy, since the weights are already fp32; the weights (%1) "
     "and activations (%2) double, while the model states stay close (%3)."},
    {Code::NoMasterCopy16, "no_master_copy_16",
     "%1 keeps no fp32 master copy (%2 in %3) and stores the optimizer states in its own 16-bit "
     "type, so the model states shrink too (%4)."},
    {Code::BothMasterCopies, "both_master_copies",
     "Both keep fp32 master weights and fp32 moments, so the model states barely move (%1); the "
     "difference is in the weights (%2) and activations (%3)."},
    {Code::StatesAndActivations, "states_and_activations", "Model states %1; activations %2."},
    {Code::StatesPerParameter, "states_per_parameter",
     "Per parameter, the model states take %1 bytes."},
    {Code::Accounting, "accounting",
     "Textbook accounting is the seed articles' arithmetic: every tensor at the recipe's width, "
     "activations by (hidden + ffn) \u00d7 sequence \u00d7 layers, no temporaries and no "
     "allocator reserve. Realistic accounting models what PyTorch actually allocates at the "
     "peak of the step (total %1)."},
    {Code::OptimizerStates, "optimizer_states",
     "%1 keeps %2, where %3 keeps %4: optimizer states %5."},
    {Code::NothingToShard, "nothing_to_shard",
     "With a single data-parallel GPU there is nothing to shard over, so %1 changes nothing "
     "here; it pays off with several GPUs."},
    {Code::ShardingNone, "sharding_none",
     "Plain data parallelism (DDP) keeps a full copy of the weights, gradients and optimizer "
     "states on every GPU (optimizer states %1)."},
    {Code::ShardingZero1, "sharding_zero1",
     "ZeRO-1 splits the optimizer states, including the fp32 master copy, over %1 GPUs: "
     "optimizer states %2."},
    {Code::ShardingZero2, "sharding_zero2",
     "ZeRO-2 (FSDP SHARD_GRAD_OP) splits the optimizer states and the gradients over %1 GPUs: "
     "optimizer states %2, gradients %3."},
    {Code::ShardingZero3, "sharding_zero3",
     "ZeRO-3 (FSDP FULL_SHARD) splits the weights too, over %1 GPUs (weights %2, optimizer "
     "states %3), and gathers one layer's full weights at a time to compute with (other %4)."},
    {Code::GpusReplicated, "gpus_replicated",
     "Plain data parallelism replicates the whole model on every GPU, so %1 GPUs instead of %2 "
     "do not lower the memory per GPU (total %3); shard the states (ZeRO / FSDP) for more GPUs "
     "to help."},
    {Code::GpusSplit, "gpus_split",
     "With %1 GPUs instead of %2, each holds a smaller share of the sharded or split states "
     "(weights %3, optimizer states %4)."},
    {Code::Tokens, "tokens",
     "Activations grow with the tokens in a micro-batch (micro-batch \u00d7 sequence length: %1 "
     "\u00d7 %2 \u2192 %3 \u00d7 %4, \u00d7%5): activations %6, while the model states stay."},
    {Code::EagerQuadratic, "eager_quadratic",
     "Eager attention also stores the sequence \u00d7 sequence score matrices, so activations "
     "grow faster than the sequence."},
    {Code::CheckpointFull, "checkpoint_full",
     "Full recomputation keeps only each layer's input and recomputes the rest during the "
     "backward pass (about one extra forward pass): activations %1."},
    {Code::CheckpointSelective, "checkpoint_selective",
     "Selective recomputation drops only the attention scores and recomputes them: activations "
     "%1."},
    {Code::CheckpointNone, "checkpoint_none",
     "Without recomputation every layer keeps all it needs for the backward pass: activations "
     "%1."},
    {Code::Attention, "attention",
     "Eager attention materialises the attention scores (heads \u00d7 sequence\u00b2 per "
     "sequence); flash attention / SDPA never stores them: activations %1."},
    {Code::LoraRank, "lora_rank",
     "LoRA rank %1 instead of %2: %3 trainable parameters instead of %4; the adapters are small, "
     "so the total moves little (%5)."},
    {Code::GpuCapacity, "gpu_capacity",
     "The %1 holds %2 where the %3 holds %4: the GPU sets the capacity (and the CUDA context), "
     "not what the plan needs (total %5)."},
    {Code::KvCacheDtype, "kv_cache_dtype",
     "A %1 KV cache instead of %2 changes the bytes each token takes (%3 per token over "
     "the layers on one GPU), so the same budget holds %4 tokens."},
    {Code::ServingContext, "serving_context",
     "Each sequence may grow to max_model_len tokens (%1), so the KV cache holds %2 such "
     "sequences at once; the budget itself does not move."},
    {Code::ServingSequences, "serving_sequences",
     "vLLM profiles its sampler over max_num_seqs dummy requests (%1): the profile-run peak "
     "moves (%2), and the KV cache gets what is left (%3 tokens)."},
};
static_assert(std::size(kCodes) == static_cast<std::size_t>(Code::Count));
constexpr bool codesInOrder() {
    for (std::size_t i = 0; i < std::size(kCodes); ++i)
        if (static_cast<std::size_t>(kCodes[i].code) != i)
            return false;
    return true;
}
static_assert(codesInOrder(), "kCodes rows must follow the FindingCode order");

constexpr std::string_view kPhrases[] = {"about the same", "+%1%",   "\u2212%1%",
                                         "%1 \u2192 %2",   "no GPU", ", "};

constexpr std::string_view kArgTypeKeys[] = {"bytes",
                                             "bytes_change",
                                             "params",
                                             "count_change",
                                             "integer",
                                             "integer_change",
                                             "decimal",
                                             "decimal_change",
                                             "percent",
                                             "relative_change",
                                             "name",
                                             "text",
                                             "names",
                                             "component",
                                             "part",
                                             "recipe",
                                             "method",
                                             "optimizer",
                                             "optimizer_state_kinds",
                                             "sharding",
                                             "kv_cache_dtype",
                                             "gpu",
                                             "storage_change"};
static_assert(std::size(kArgTypeKeys) == static_cast<std::size_t>(T::Count));

// --- Argument constructors ----------------------------------------------------------------

FindingArg num(T type, double v) {
    FindingArg a;
    a.type = type;
    a.number = v;
    return a;
}
FindingArg change(T type, double from, double to) {
    FindingArg a = num(type, from);
    a.to = to;
    return a;
}
FindingArg bytes(double v) {
    return num(T::Bytes, v);
}
FindingArg bytesChange(double from, double to) {
    return change(T::BytesChange, from, to);
}
FindingArg count(double v) {
    return num(T::Params, v);
}
FindingArg integer(double v) {
    return num(T::Integer, v);
}
FindingArg text(T type, std::string s) {
    FindingArg a;
    a.type = type;
    a.id = std::move(s);
    return a;
}
template <typename E> FindingArg idOf(T type, E value) {
    return text(type, std::string(keyOf(value)));
}

// --- Figures of an evaluation -------------------------------------------------------------

// Weights + gradients + optimizer states when all three are resident: at the optimizer step
// (gradients are freed before the forward pass, so the peak may not hold them).
double modelStates(const Evaluation& e) {
    for (std::size_t i = 0; i < e.moment_count; ++i) {
        const Moment& m = e.moments[i];
        if (m.phase == Phase::OptimizerStep)
            return m.resident[static_cast<std::size_t>(Component::Weights)].bytes +
                   m.resident[static_cast<std::size_t>(Component::Gradients)].bytes +
                   m.resident[static_cast<std::size_t>(Component::OptimizerStates)].bytes;
    }
    return e.bytes(Component::Weights) + e.bytes(Component::Gradients) +
           e.bytes(Component::OptimizerStates);
}

// Bytes of the parts of a component whose label starts with `prefix`.
double partBytes(const Evaluation& e, Component c, std::string_view prefix) {
    const ComponentBreakdown& b = e.per_gpu[static_cast<std::size_t>(c)];
    double sum = 0;
    for (std::size_t i = 0; i < b.part_count; ++i)
        if (b.parts[i].label.substr(0, prefix.size()) == prefix)
            sum += b.parts[i].bytes;
    return sum;
}

int64_t dataParallel(const Plan& p) {
    return std::max<int64_t>(1, p.parallelism.gpus /
                                    std::max<int64_t>(1, p.parallelism.tp * p.parallelism.pp));
}

int64_t shardFactor(const Plan& p) {
    const int64_t dp = dataParallel(p);
    return p.parallelism.sharding_factor > 0 ? std::min(p.parallelism.sharding_factor, dp) : dp;
}

bool isLora(Method m) {
    return m == Method::Lora || m == Method::Qlora;
}

// --- The analysis of one pair ---------------------------------------------------------------

class Analysis {
public:
    Analysis(const ComparedPlan& a, const ComparedPlan& b)
        : a_(a)
        , b_(b)
        , ea_(*a.evaluation)
        , eb_(*b.evaluation)
        , pa_(*a.plan)
        , pb_(*b.plan) {}

    std::vector<Finding> run() {
        if (!ea_.ok || !eb_.ok) {
            const ComparedPlan& bad = !eb_.ok ? b_ : a_;
            add(Code::Refused,
                {text(T::Name, bad.name), text(T::Text, std::string(bad.evaluation->refusal))});
            return std::move(out_);
        }
        headline();
        const std::size_t before = out_.size();
        const TrainingSpec& ta = pa_.training;
        const TrainingSpec& tb = pb_.training;
        int changed = 0;
        auto section = [&](bool differs, void (Analysis::*explain)()) {
            if (!differs)
                return;
            const std::size_t n = out_.size();
            (this->*explain)();
            if (out_.size() > n)
                ++changed;
        };
        section(pa_.model.params != pb_.model.params || pa_.model.preset != pb_.model.preset ||
                    pa_.model.layers != pb_.model.layers || pa_.model.hidden != pb_.model.hidden,
                &Analysis::model);
        section(ta.method != tb.method, &Analysis::method);
        section(ta.precision != tb.precision || effectiveTable(ta) != effectiveTable(tb),
                &Analysis::precision);
        section(ta.accounting != tb.accounting, &Analysis::accounting);
        section(ta.optimizer != tb.optimizer && !isServing(), &Analysis::optimizer);
        section(pa_.parallelism.sharding != pb_.parallelism.sharding && !isServing(),
                &Analysis::sharding);
        section(pa_.parallelism.gpus != pb_.parallelism.gpus, &Analysis::gpus);
        section((ta.micro_batch != tb.micro_batch || ta.seq_len != tb.seq_len) && !isServing(),
                &Analysis::tokens);
        section(ta.checkpointing != tb.checkpointing && !isServing(), &Analysis::checkpointing);
        section(ta.attention != tb.attention && !isServing(), &Analysis::attention);
        section(ta.lora.rank != tb.lora.rank && isLora(tb.method), &Analysis::loraRank);
        section(pa_.hardware.gpu != pb_.hardware.gpu ||
                    pa_.hardware.memory_gib != pb_.hardware.memory_gib,
                &Analysis::gpu);
        if (isServing()) {
            section(ta.serving.kv_cache_dtype != tb.serving.kv_cache_dtype, &Analysis::kvDtype);
            section(ea_.serving.max_model_len != eb_.serving.max_model_len,
                    &Analysis::servingContext);
            section(ea_.serving.max_num_seqs != eb_.serving.max_num_seqs,
                    &Analysis::servingSequences);
        }
        if (changed >= 2)
            out_.insert(out_.begin() + static_cast<std::ptrdiff_t>(before),
                        Finding{Code::SeveralChanges, {}});
        if (out_.size() == before)
            add(std::fabs(eb_.total - ea_.total) < 1.0 && !servingDiffers()
                    ? Code::SamePlan
                    : Code::UnexplainedDifference,
                {});
        return std::move(out_);
    }

private:
    void add(Code c, std::vector<FindingArg> args) { out_.push_back({c, std::move(args)}); }

    bool isServing() const {
        return pa_.training.method == Method::Serving && pb_.training.method == Method::Serving;
    }
    bool servingDiffers() const {
        return ea_.serving.present && eb_.serving.present &&
               ea_.serving.kv_cache_tokens != eb_.serving.kv_cache_tokens;
    }

    FindingArg changeOf(Component c) const { return bytesChange(ea_.bytes(c), eb_.bytes(c)); }
    FindingArg totalChange() const { return bytesChange(ea_.total, eb_.total); }
    FindingArg statesChange() const { return bytesChange(modelStates(ea_), modelStates(eb_)); }

    // Model states per parameter, when one GPU holds the whole model (nothing split).
    void perParameter() {
        auto perParam = [](const Plan& p, const Evaluation& e) {
            return p.parallelism.gpus == 1 && p.parallelism.tp * p.parallelism.pp == 1 &&
                           e.params_total > 0
                       ? modelStates(e) / e.params_total
                       : -1.0;
        };
        const double x = perParam(pa_, ea_), y = perParam(pb_, eb_);
        if (x >= 0 && y >= 0)
            add(Code::StatesPerParameter, {change(T::DecimalChange, x, y)});
    }

    void headline() {
        Component top = Component::Weights;
        double best = -1;
        for (std::size_t i = 0; i < kComponentCount; ++i) {
            const auto c = static_cast<Component>(i);
            const double d = std::fabs(eb_.bytes(c) - ea_.bytes(c));
            if (d > best) {
                best = d;
                top = c;
            }
        }
        if (std::fabs(eb_.total - ea_.total) < 0.005 * std::max(ea_.total, 1.0))
            add(Code::HeadlineSame, {text(T::Name, b_.name), bytes(eb_.total),
                                     text(T::Name, a_.name), bytes(ea_.total)});
        else
            add(Code::Headline,
                {text(T::Name, b_.name), bytes(eb_.total),
                 num(T::RelativeChange, ea_.total > 0 ? (eb_.total - ea_.total) / ea_.total : 0),
                 text(T::Name, a_.name), bytes(ea_.total)});
        if (best >= 0.005 * std::max(ea_.total, eb_.total)) {
            const std::string part = topPart(top);
            if (part.empty())
                add(Code::LargestChange, {idOf(T::Component, top), changeOf(top)});
            else
                add(Code::LargestChangePart,
                    {idOf(T::Component, top), changeOf(top), text(T::Part, part)});
        }
    }

    // The part of a component that changed most, by label ("master weights (fp32)"); named
    // only when the component has several parts.
    std::string topPart(Component c) const {
        const ComponentBreakdown& pa = ea_.per_gpu[static_cast<std::size_t>(c)];
        const ComponentBreakdown& pb = eb_.per_gpu[static_cast<std::size_t>(c)];
        std::string_view label;
        double best = 0;
        auto sum = [](const ComponentBreakdown& b, std::string_view l) {
            double s = 0;
            for (std::size_t i = 0; i < b.part_count; ++i)
                if (b.parts[i].label == l)
                    s += b.parts[i].bytes;
            return s;
        };
        auto consider = [&](std::string_view l) {
            const double d = std::fabs(sum(pb, l) - sum(pa, l));
            if (d > best) {
                best = d;
                label = l;
            }
        };
        for (std::size_t i = 0; i < pa.part_count; ++i)
            consider(pa.parts[i].label);
        for (std::size_t i = 0; i < pb.part_count; ++i)
            consider(pb.parts[i].label);
        if (label.empty() || (pa.part_count <= 1 && pb.part_count <= 1))
            return {};
        return std::string(label);
    }

    void model() {
        add(Code::ModelSize, {count(eb_.params_total), count(ea_.params_total),
                              changeOf(Component::Weights), changeOf(Component::Activations)});
    }

    void method() {
        const Method ma = pa_.training.method, mb = pb_.training.method;
        const double share =
            eb_.params_total > 0 ? eb_.params_trainable / eb_.params_total * 100.0 : 0;
        if (isLora(mb) && !isLora(ma)) {
            add(Code::LoraAdapters,
                {idOf(T::Method, mb), count(eb_.params_trainable), num(T::Percent, share),
                 count(eb_.params_total), changeOf(Component::OptimizerStates),
                 changeOf(Component::Weights)});
            if (mb == Method::Qlora)
                add(Code::QloraNf4Base, {});
            return;
        }
        if (mb == Method::Qlora && ma == Method::Lora) {
            add(Code::QloraOverLora, {integer(bytesPerElement(effectiveTable(pa_.training)[0]) * 8),
                                      changeOf(Component::Weights)});
            return;
        }
        if (mb == Method::Inference) {
            add(Code::InferenceForwardOnly,
                {bytes(eb_.bytes(Component::Weights)),
                 bytes(partBytes(eb_, Component::Activations, "KV cache"))});
            return;
        }
        if (mb == Method::Serving || ma == Method::Serving)
            return; // a serving budget against a training step: the headline says it
        add(Code::TrainableCount,
            {idOf(T::Method, mb), count(eb_.params_trainable), count(ea_.params_trainable),
             count(eb_.params_total), changeOf(Component::OptimizerStates)});
    }

    void precision() {
        const TrainingSpec& ta = pa_.training;
        const TrainingSpec& tb = pb_.training;
        if (ta.accounting == Accounting::Textbook && tb.accounting == Accounting::Textbook) {
            add(Code::TextbookWidth,
                {num(T::Decimal, textbookWidth(ta.precision)),
                 num(T::Decimal, textbookWidth(tb.precision)), changeOf(Component::Weights),
                 changeOf(Component::Activations)});
            if (isMixedRecipe(ta.precision) != isMixedRecipe(tb.precision))
                add(Code::TextbookMixedStates, {changeOf(Component::OptimizerStates)});
            return;
        }
        const double masterA = partBytes(ea_, Component::OptimizerStates, "master weights");
        const double masterB = partBytes(eb_, Component::OptimizerStates, "master weights");
        // Which storage types differ; a master copy only counts where the plan keeps one
        // (LoRA adapters, say, are fp32 anyway).
        if (ta.accounting == Accounting::Realistic && tb.accounting == Accounting::Realistic) {
            const DtypeTable da = effectiveTable(ta), db = effectiveTable(tb);
            std::vector<FindingArg> storage;
            for (const auto& e : names(TensorClass{})) {
                const auto i = static_cast<std::size_t>(e.value);
                if (e.value == TensorClass::MasterWeights && masterA <= 0 && masterB <= 0)
                    continue;
                if (da[i] != db[i]) {
                    FindingArg s = idOf(T::StorageChange, e.value);
                    s.from_id = std::string(keyOf(da[i]));
                    s.to_id = std::string(keyOf(db[i]));
                    storage.push_back(std::move(s));
                }
            }
            if (!storage.empty()) {
                std::vector<FindingArg> args{idOf(T::Recipe, tb.precision),
                                             idOf(T::Recipe, ta.precision)};
                args.insert(args.end(), storage.begin(), storage.end());
                add(Code::StorageTypes, std::move(args));
            }
        }
        const bool frozenA = ea_.has(Note::Int8FullFrozenBase);
        const bool frozenB = eb_.has(Note::Int8FullFrozenBase);
        if (frozenB && !frozenA)
            add(Code::QuantizedFrozenBase,
                {idOf(T::Recipe, tb.precision), count(eb_.params_trainable),
                 count(eb_.params_total), changeOf(Component::OptimizerStates),
                 changeOf(Component::Weights)});
        else if (frozenA && !frozenB)
            add(Code::QuantizedBaseTrainsAgain,
                {idOf(T::Recipe, ta.precision), idOf(T::Recipe, tb.precision),
                 count(eb_.params_trainable), changeOf(Component::OptimizerStates)});
        else if (masterB > 0 && masterA <= 0)
            add(Code::MasterCopyAdded,
                {bytes(masterB), statesChange(), changeOf(Component::Weights),
                 changeOf(Component::Activations)});
        else if (masterA > 0 && masterB <= 0 && !isQuantizedRecipe(tb.precision)) {
            if (tb.precision == Recipe::Fp32)
                add(Code::Fp32NoMasterCopy, {changeOf(Component::Weights),
                                             changeOf(Component::Activations), statesChange()});
            else
                add(Code::NoMasterCopy16, {idOf(T::Recipe, tb.precision), bytes(masterA),
                                           idOf(T::Recipe, ta.precision), statesChange()});
        } else if (masterA > 0 && masterB > 0)
            add(Code::BothMasterCopies,
                {statesChange(), changeOf(Component::Weights), changeOf(Component::Activations)});
        else
            add(Code::StatesAndActivations, {statesChange(), changeOf(Component::Activations)});
        perParameter();
    }

    void accounting() { add(Code::Accounting, {totalChange()}); }

    void optimizer() {
        const Optimizer ob = pb_.training.optimizer, oa = pa_.training.optimizer;
        add(Code::OptimizerStates,
            {idOf(T::Optimizer, ob), idOf(T::OptimizerStateKinds, ob), idOf(T::Optimizer, oa),
             idOf(T::OptimizerStateKinds, oa), changeOf(Component::OptimizerStates)});
    }

    void sharding() {
        const Sharding sb = pb_.parallelism.sharding;
        const double S = static_cast<double>(shardFactor(pb_));
        if (S <= 1 && sb != Sharding::None) {
            add(Code::NothingToShard, {idOf(T::Sharding, sb)});
            return;
        }
        switch (sb) {
        case Sharding::None:
            add(Code::ShardingNone, {changeOf(Component::OptimizerStates)});
            break;
        case Sharding::Zero1:
            add(Code::ShardingZero1, {integer(S), changeOf(Component::OptimizerStates)});
            break;
        case Sharding::Zero2:
            add(Code::ShardingZero2,
                {integer(S), changeOf(Component::OptimizerStates), changeOf(Component::Gradients)});
            break;
        case Sharding::Zero3:
            add(Code::ShardingZero3,
                {integer(S), changeOf(Component::Weights), changeOf(Component::OptimizerStates),
                 changeOf(Component::Other)});
            break;
        }
    }

    void gpus() {
        const auto ga = static_cast<double>(pa_.parallelism.gpus);
        const auto gb = static_cast<double>(pb_.parallelism.gpus);
        if (pb_.parallelism.sharding == Sharding::None && pb_.parallelism.tp == 1 &&
            pb_.parallelism.pp == 1 && !isServing())
            add(Code::GpusReplicated, {integer(gb), integer(ga), totalChange()});
        else
            add(Code::GpusSplit, {integer(gb), integer(ga), changeOf(Component::Weights),
                                  changeOf(Component::OptimizerStates)});
    }

    void tokens() {
        const TrainingSpec& ta = pa_.training;
        const TrainingSpec& tb = pb_.training;
        const double ratio = static_cast<double>(tb.micro_batch * tb.seq_len) /
                             static_cast<double>(std::max<int64_t>(1, ta.micro_batch * ta.seq_len));
        add(Code::Tokens,
            {integer(static_cast<double>(ta.micro_batch)), integer(static_cast<double>(ta.seq_len)),
             integer(static_cast<double>(tb.micro_batch)), integer(static_cast<double>(tb.seq_len)),
             num(T::Decimal, ratio), changeOf(Component::Activations)});
        if (ta.seq_len != tb.seq_len && tb.attention == Attention::Eager &&
            tb.method != Method::Inference)
            add(Code::EagerQuadratic, {});
    }

    void checkpointing() {
        switch (pb_.training.checkpointing) {
        case Checkpointing::Full:
            add(Code::CheckpointFull, {changeOf(Component::Activations)});
            break;
        case Checkpointing::Selective:
            add(Code::CheckpointSelective, {changeOf(Component::Activations)});
            break;
        case Checkpointing::None:
            add(Code::CheckpointNone, {changeOf(Component::Activations)});
            break;
        }
    }

    void attention() { add(Code::Attention, {changeOf(Component::Activations)}); }

    void loraRank() {
        add(Code::LoraRank,
            {integer(static_cast<double>(pb_.training.lora.rank)),
             integer(static_cast<double>(pa_.training.lora.rank)), count(eb_.params_trainable),
             count(ea_.params_trainable), totalChange()});
    }

    void gpu() {
        if (!ea_.has_capacity || !eb_.has_capacity)
            return;
        add(Code::GpuCapacity,
            {text(T::Gpu, pb_.hardware.gpu), bytes(eb_.capacity), text(T::Gpu, pa_.hardware.gpu),
             bytes(ea_.capacity), totalChange()});
    }

    void kvDtype() {
        add(Code::KvCacheDtype,
            {idOf(T::KvCacheDtype, pb_.training.serving.kv_cache_dtype),
             idOf(T::KvCacheDtype, pa_.training.serving.kv_cache_dtype),
             bytesChange(ea_.serving.kv_bytes_per_token, eb_.serving.kv_bytes_per_token),
             change(T::CountChange, ea_.serving.kv_cache_tokens, eb_.serving.kv_cache_tokens)});
    }

    void servingContext() {
        add(Code::ServingContext,
            {change(T::IntegerChange, static_cast<double>(ea_.serving.max_model_len),
                    static_cast<double>(eb_.serving.max_model_len)),
             change(T::DecimalChange, ea_.serving.max_concurrent_sequences,
                    eb_.serving.max_concurrent_sequences)});
    }

    void servingSequences() {
        add(Code::ServingSequences,
            {change(T::IntegerChange, static_cast<double>(ea_.serving.max_num_seqs),
                    static_cast<double>(eb_.serving.max_num_seqs)),
             bytesChange(ea_.serving.activation_peak, eb_.serving.activation_peak),
             change(T::CountChange, ea_.serving.kv_cache_tokens, eb_.serving.kv_cache_tokens)});
    }

    const ComparedPlan& a_;
    const ComparedPlan& b_;
    const Evaluation& ea_;
    const Evaluation& eb_;
    const Plan& pa_;
    const Plan& pb_;
    std::vector<Finding> out_;
};

std::string decimal(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string significant(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

std::string integerText(double v) {
    return decimal(std::round(v), 0);
}

json argToJson(const FindingArg& a) {
    json j{{"type", kArgTypeKeys[static_cast<std::size_t>(a.type)]}};
    switch (a.type) {
    case T::Bytes:
        j["value"] = static_cast<int64_t>(std::llround(a.number));
        break;
    case T::BytesChange:
        j["from"] = static_cast<int64_t>(std::llround(a.number));
        j["to"] = static_cast<int64_t>(std::llround(a.to));
        break;
    case T::CountChange:
    case T::IntegerChange:
    case T::DecimalChange:
        j["from"] = a.number;
        j["to"] = a.to;
        break;
    case T::Params:
    case T::Integer:
    case T::Decimal:
    case T::Percent:
    case T::RelativeChange:
        j["value"] = a.number;
        break;
    case T::Names:
        j["value"] = a.items;
        break;
    case T::StorageChange:
        j["value"] = a.id;
        j["from"] = a.from_id;
        j["to"] = a.to_id;
        break;
    default:
        j["value"] = a.id;
        break;
    }
    return j;
}

} // namespace

std::vector<Finding> compareFindings(const ComparedPlan& a, const ComparedPlan& b) {
    if (!a.plan || !a.evaluation || !b.plan || !b.evaluation)
        return {};
    return Analysis(a, b).run();
}

ComparisonFindings compareAll(const std::vector<ComparedPlan>& columns) {
    ComparisonFindings out;
    if (columns.size() < 2)
        return out;
    for (const ComparedPlan& c : columns)
        if (!c.plan || !c.evaluation)
            return out;
    // Overview: lowest and highest, and which fit when all columns share one capacity.
    const ComparedPlan* lo = nullptr;
    const ComparedPlan* hi = nullptr;
    bool sameCapacity = true;
    const Evaluation& first = *columns.front().evaluation;
    for (const ComparedPlan& c : columns) {
        const Evaluation& e = *c.evaluation;
        if (!e.ok)
            continue;
        if (!lo || e.total < lo->evaluation->total)
            lo = &c;
        if (!hi || e.total > hi->evaluation->total)
            hi = &c;
        if (!e.has_capacity || e.capacity != first.capacity)
            sameCapacity = false;
    }
    if (lo && hi && lo != hi) {
        out.overview.push_back({Code::Overview,
                                {text(T::Name, columns.front().name), text(T::Name, lo->name),
                                 bytes(lo->evaluation->total), text(T::Name, hi->name),
                                 bytes(hi->evaluation->total)}});
        if (sameCapacity) {
            FindingArg fit;
            fit.type = T::Names;
            for (const ComparedPlan& c : columns)
                if (c.evaluation->ok && c.evaluation->fits)
                    fit.items.push_back(c.name);
            if (fit.items.empty())
                out.overview.push_back({Code::NoneFits, {bytes(first.capacity)}});
            else
                out.overview.push_back({Code::SomeFit, {bytes(first.capacity), fit}});
        }
    }
    for (std::size_t i = 1; i < columns.size(); ++i)
        out.columns.push_back(compareFindings(columns.front(), columns[i]));
    return out;
}

std::string_view findingCodeKey(FindingCode code) {
    const auto i = static_cast<std::size_t>(code);
    return i < std::size(kCodes) ? kCodes[i].key : std::string_view();
}

std::string_view findingTemplate(FindingCode code) {
    const auto i = static_cast<std::size_t>(code);
    return i < std::size(kCodes) ? kCodes[i].text : std::string_view();
}

std::string_view findingPhrase(FindingPhrase p) {
    return kPhrases[static_cast<std::size_t>(p)];
}

std::string_view optimizerStateKinds(Optimizer o) {
    switch (o) {
    case Optimizer::AdamW:
        return "two moments (m and v) per trainable parameter";
    case Optimizer::AdamW8bit:
        return "two moments per trainable parameter in 8 bits (block-wise, with fp32 scales)";
    case Optimizer::Adafactor:
        return "only row and column statistics of the second moment (factored), no first moment";
    case Optimizer::Sgd:
        return "no state at all";
    case Optimizer::SgdMomentum:
    case Optimizer::Lion:
        return "one momentum buffer per trainable parameter";
    }
    return {};
}

std::string fillTemplate(std::string_view pattern, const std::vector<std::string>& args) {
    std::string out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '%' && i + 1 < pattern.size() && pattern[i + 1] >= '1' &&
            pattern[i + 1] <= '9') {
            const auto n = static_cast<std::size_t>(pattern[i + 1] - '1');
            if (n < args.size())
                out += args[n];
            ++i;
        } else {
            out += pattern[i];
        }
    }
    return out;
}

std::string findingArgText(const FindingArg& a, UnitSystem units) {
    auto arrow = [](const std::string& x, const std::string& y) {
        return fillTemplate(findingPhrase(FindingPhrase::Arrow), {x, y});
    };
    switch (a.type) {
    case T::Bytes:
        return formatBytes(a.number, units);
    case T::BytesChange:
        return arrow(formatBytes(a.number, units), formatBytes(a.to, units));
    case T::Params:
        return formatCount(a.number);
    case T::CountChange:
        return arrow(formatCount(a.number), formatCount(a.to));
    case T::Integer:
        return integerText(a.number);
    case T::IntegerChange:
        return arrow(integerText(a.number), integerText(a.to));
    case T::Decimal:
        return significant(a.number);
    case T::DecimalChange:
        return arrow(decimal(a.number, 1), decimal(a.to, 1));
    case T::Percent:
        return decimal(a.number, a.number < 1 ? 2 : 1) + "%";
    case T::RelativeChange: {
        const double p = a.number * 100.0;
        if (std::fabs(p) < 0.5)
            return std::string(findingPhrase(FindingPhrase::AboutTheSame));
        return fillTemplate(
            findingPhrase(p > 0 ? FindingPhrase::PlusPercent : FindingPhrase::MinusPercent),
            {decimal(std::fabs(p), 0)});
    }
    case T::Name:
    case T::Text:
    case T::Part:
        return a.id;
    case T::Names: {
        std::string s;
        for (std::size_t i = 0; i < a.items.size(); ++i) {
            if (i)
                s += findingPhrase(FindingPhrase::ListSeparator);
            s += a.items[i];
        }
        return s;
    }
    case T::Component:
        if (auto c = fromKey<Component>(a.id)) {
            std::string l(labelOf(*c));
            for (char& ch : l)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            return l;
        }
        return a.id;
    case T::Recipe:
        if (auto r = fromKey<Recipe>(a.id))
            return std::string(labelOf(*r));
        return a.id;
    case T::Method:
        if (auto m = fromKey<Method>(a.id))
            return std::string(labelOf(*m));
        return a.id;
    case T::Optimizer:
        if (auto o = fromKey<Optimizer>(a.id))
            return std::string(labelOf(*o));
        return a.id;
    case T::OptimizerStateKinds:
        if (auto o = fromKey<Optimizer>(a.id))
            return std::string(optimizerStateKinds(*o));
        return a.id;
    case T::Sharding:
        if (auto s = fromKey<Sharding>(a.id))
            return std::string(labelOf(*s));
        return a.id;
    case T::KvCacheDtype:
        if (auto k = fromKey<KvCacheDtype>(a.id))
            return std::string(labelOf(*k));
        return a.id;
    case T::Gpu:
        return a.id.empty() ? std::string(findingPhrase(FindingPhrase::NoGpu)) : a.id;
    case T::StorageChange: {
        std::string l = a.id;
        if (auto c = fromKey<TensorClass>(a.id)) {
            l = std::string(labelOf(*c));
            for (char& ch : l)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        }
        return l + " " + arrow(a.from_id, a.to_id);
    }
    case T::Count:
        break;
    }
    return {};
}

std::string findingText(const Finding& f, UnitSystem units) {
    std::vector<std::string> args;
    // Storage changes are one list: "%3" = "weights fp32 → bf16, gradients fp32 → bf16".
    std::string storage;
    for (const FindingArg& a : f.args) {
        if (a.type == T::StorageChange) {
            if (!storage.empty())
                storage += findingPhrase(FindingPhrase::ListSeparator);
            storage += findingArgText(a, units);
            continue;
        }
        args.push_back(findingArgText(a, units));
    }
    if (!storage.empty())
        args.push_back(storage);
    return fillTemplate(findingTemplate(f.code), args);
}

std::string findingsText(const std::vector<Finding>& findings, UnitSystem units) {
    std::string out;
    for (const Finding& f : findings) {
        if (!out.empty())
            out += ' ';
        out += findingText(f, units);
    }
    return out;
}

json findingToJson(const Finding& f) {
    json args = json::array();
    for (const FindingArg& a : f.args)
        args.push_back(argToJson(a));
    return {{"code", findingCodeKey(f.code)}, {"args", std::move(args)}};
}

json findingsToJson(const std::vector<Finding>& findings) {
    json out = json::array();
    for (const Finding& f : findings)
        out.push_back(findingToJson(f));
    return out;
}

json comparisonFindingsToJson(const ComparisonFindings& c,
                              const std::vector<ComparedPlan>& columns) {
    json cols = json::array();
    for (std::size_t i = 0; i < c.columns.size(); ++i)
        cols.push_back({{"name", i + 1 < columns.size() ? columns[i + 1].name : std::string()},
                        {"against", columns.empty() ? std::string() : columns.front().name},
                        {"findings", findingsToJson(c.columns[i])}});
    return {{"overview", findingsToJson(c.overview)}, {"columns", std::move(cols)}};
}

} // namespace memplan
