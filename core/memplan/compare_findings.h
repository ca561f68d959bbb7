// Why the compare columns differ, as data: which settings changed between two evaluated plans,
// which component moved most and the mechanism behind it, as codes with typed arguments. The
// window words and translates each code (context "memplan::findings"), `memplan-cli compare`
// prints the English template filled in and writes {code, args} into --json.
#pragma once

#include "memplan/evaluation.h"
#include "memplan/plan.h"
#include "memplan/units.h"

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace memplan {

// Each code's English template names its arguments %1, %2, ... in the order of Finding::args.
enum class FindingCode {
    Overview,                 // base, lowest, lowest total, highest, highest total
    SomeFit,                  // capacity, names that fit
    NoneFits,                 // capacity
    Refused,                  // column, the model's refusal (English)
    Headline,                 // column, its total, relative change, base, base total
    HeadlineSame,             // column, its total, base, base total
    LargestChange,            // component, its change
    LargestChangePart,        // component, its change, the part that moved most
    SeveralChanges,           //
    SamePlan,                 //
    UnexplainedDifference,    //
    ModelSize,                // params b, params a, weights change, activations change
    LoraAdapters,             // method, trainable, share, total, optimizer change, weights change
    QloraNf4Base,             //
    QloraOverLora,            // base bits, weights change
    InferenceForwardOnly,     // weights, KV cache
    TrainableCount,           // method, trainable b, trainable a, total, optimizer change
    StorageTypes,             // recipe b, recipe a, storage changes
    TextbookWidth,            // width a, width b, weights change, activations change
    TextbookMixedStates,      // optimizer change
    QuantizedFrozenBase,      // recipe b, trainable, total, optimizer change, weights change
    QuantizedBaseTrainsAgain, // recipe a, recipe b, trainable, optimizer change
    MasterCopyAdded,          // master bytes, states change, weights change, activations change
    Fp32NoMasterCopy,         // weights change, activations change, states change
    NoMasterCopy16,           // recipe b, master bytes, recipe a, states change
    BothMasterCopies,         // states change, weights change, activations change
    StatesAndActivations,     // states change, activations change
    StatesPerParameter,       // bytes per parameter change
    Accounting,               // total change
    OptimizerStates,          // optimizer b, its states, optimizer a, its states, change
    NothingToShard,           // sharding
    ShardingNone,             // optimizer change
    ShardingZero1,            // shard factor, optimizer change
    ShardingZero2,            // shard factor, optimizer change, gradients change
    ShardingZero3,            // shard factor, weights, optimizer, other changes
    GpusReplicated,           // gpus b, gpus a, total change
    GpusSplit,                // gpus b, gpus a, weights change, optimizer change
    Tokens,                   // micro a, seq a, micro b, seq b, ratio, activations change
    EagerQuadratic,           //
    CheckpointFull,           // activations change
    CheckpointSelective,      // activations change
    CheckpointNone,           // activations change
    Attention,                // activations change
    LoraRank,                 // rank b, rank a, trainable b, trainable a, total change
    GpuCapacity,              // gpu b, capacity b, gpu a, capacity a, total change
    KvCacheDtype,             // dtype b, dtype a, KV bytes per token change, KV tokens change
    ServingContext,           // max_model_len change, concurrency change
    ServingSequences,         // max_num_seqs change, activation peak change, KV tokens change
    Count
};

// What an argument holds; the front ends format it (sizes in the user's units, labels
// translated). Ids are the plan file's keys ("bf16-mixed", "optimizer_states", "h100-80gb").
enum class FindingArgType {
    Bytes,          // number
    BytesChange,    // number -> to
    Params,         // parameters: number
    CountChange,    // number -> to (tokens)
    Integer,        // number
    IntegerChange,  // number -> to
    Decimal,        // number (a ratio or a width)
    DecimalChange,  // number -> to
    Percent,        // number, in percent
    RelativeChange, // number: (b - a) / a
    Name,           // text: a column's name as shown
    Text,           // text: English text from the model (a refusal)
    Names,          // items: column names
    Component,      // id
    Part,           // id: a part label of the model ("master weights (fp32)")
    Recipe,
    Method,
    Optimizer,
    OptimizerStateKinds, // id: optimizer key; worded as what it keeps per parameter
    Sharding,
    KvCacheDtype,
    Gpu,           // id: GPU preset key, "" for none
    StorageChange, // id: tensor class key, from -> to: dtype keys
    Count
};

struct FindingArg {
    FindingArgType type = FindingArgType::Integer;
    double number = 0;
    double to = 0;
    std::string id; // ids, names and text
    std::string from_id, to_id;
    std::vector<std::string> items;
};

struct Finding {
    FindingCode code = FindingCode::SamePlan;
    std::vector<FindingArg> args;
    bool operator==(const Finding&) const = default;
};
inline bool operator==(const FindingArg& a, const FindingArg& b) {
    return a.type == b.type && a.number == b.number && a.to == b.to && a.id == b.id &&
           a.from_id == b.from_id && a.to_id == b.to_id && a.items == b.items;
}

// One compared column: its name as shown, its plan and its evaluation.
struct ComparedPlan {
    std::string name;
    const Plan* plan = nullptr;
    const Evaluation* evaluation = nullptr;
};

// `b` compared with `a`: the headline, then one finding (or a few) per changed setting.
std::vector<Finding> compareFindings(const ComparedPlan& a, const ComparedPlan& b);

// A whole comparison: an overview (lowest, highest, which fit) and one list per column after
// the first, each compared with the first. Empty with fewer than two columns.
struct ComparisonFindings {
    std::vector<Finding> overview;
    std::vector<std::vector<Finding>> columns; // columns[i]: column i + 1 against column 0
};
ComparisonFindings compareAll(const std::vector<ComparedPlan>& columns);

// "storage_types", "headline", ...: the code's JSON spelling.
std::string_view findingCodeKey(FindingCode code);
// The English template with %1.. placeholders.
std::string_view findingTemplate(FindingCode code);
// English phrases the argument formatting uses (so the window translates the same words).
enum class FindingPhrase { AboutTheSame, PlusPercent, MinusPercent, Arrow, NoGpu, ListSeparator };
std::string_view findingPhrase(FindingPhrase p);
// English: what an optimizer keeps per trainable parameter.
std::string_view optimizerStateKinds(Optimizer o);

// English text: one argument, one finding, a list of findings (sentences joined by spaces).
std::string findingArgText(const FindingArg& arg, UnitSystem units);
std::string findingText(const Finding& f, UnitSystem units);
std::string findingsText(const std::vector<Finding>& findings, UnitSystem units);
// Fills %1..%9 of `pattern` with `args` (shared by both front ends' wording).
std::string fillTemplate(std::string_view pattern, const std::vector<std::string>& args);

// {"code": "headline", "args": [{"type": "bytes", "value": 123}, ...]}; sizes in integer bytes.
nlohmann::json findingToJson(const Finding& f);
nlohmann::json findingsToJson(const std::vector<Finding>& findings);
// {"overview": [...], "columns": [{"name": ..., "findings": [...]}, ...]}
nlohmann::json comparisonFindingsToJson(const ComparisonFindings& c,
                                        const std::vector<ComparedPlan>& columns);

} // namespace memplan
