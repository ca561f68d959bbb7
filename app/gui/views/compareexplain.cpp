#include "views/compareexplain.h"

#include "document/planedits.h"
#include "unitformat.h"

#include "memplan/names.h"
#include "memplan/recipe.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <string_view>

namespace memplan::gui {

namespace {

// CompareExplain::tr() for this file: lupdate files the strings under the class named at the call
// (CompareExplain::tr), the same context the catalogue is looked up in at run time.
class CompareExplain {
    Q_DECLARE_TR_FUNCTIONS(memplan::gui::CompareExplain)
};

QString q(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

double bytesOf(const Evaluation& e, Component c) {
    return e.bytes(c);
}

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

QString percent(double a, double b) {
    if (!(a > 0))
        return {};
    const double p = (b - a) / a * 100.0;
    if (std::fabs(p) < 0.5)
        return CompareExplain::tr("about the same");
    return p > 0 ? CompareExplain::tr("+%1%").arg(QLocale().toString(p, 'f', 0))
                 : CompareExplain::tr("\u2212%1%").arg(QLocale().toString(-p, 'f', 0));
}

QString count(double n) {
    return QString::fromStdString(formatCount(n));
}

// True when everything but data parallelism (one model replica per GPU) is 1.
bool singleReplica(const Plan& p) {
    return p.parallelism.gpus == 1;
}

int64_t dataParallel(const Plan& p) {
    return std::max<int64_t>(1, p.parallelism.gpus /
                                    std::max<int64_t>(1, p.parallelism.tp * p.parallelism.pp));
}

int64_t shardFactor(const Plan& p) {
    const int64_t dp = dataParallel(p);
    return p.parallelism.sharding_factor > 0 ? std::min(p.parallelism.sharding_factor, dp) : dp;
}

QString optimizerStates(Optimizer o) {
    switch (o) {
    case Optimizer::AdamW:
        return CompareExplain::tr("two moments (m and v) per trainable parameter");
    case Optimizer::AdamW8bit:
        return CompareExplain::tr(
            "two moments per trainable parameter in 8 bits (block-wise, with fp32 scales)");
    case Optimizer::Adafactor:
        return CompareExplain::tr(
            "only row and column statistics of the second moment (factored), no first moment");
    case Optimizer::Sgd:
        return CompareExplain::tr("no state at all");
    case Optimizer::SgdMomentum:
        return CompareExplain::tr("one momentum buffer per trainable parameter");
    case Optimizer::Lion:
        return CompareExplain::tr("one momentum buffer per trainable parameter");
    }
    return {};
}

class Explainer {
public:
    Explainer(const Scenario& a, const Scenario& b, UnitSystem units, const PresetLibrary& presets)
        : a_(a)
        , b_(b)
        , ea_(a.evaluation)
        , eb_(b.evaluation)
        , pa_(a.plan)
        , pb_(b.plan)
        , units_(units)
        , presets_(presets) {}

    QStringList sentences() {
        QStringList out;
        if (!ea_.ok || !eb_.ok) {
            out << CompareExplain::tr("%1 cannot be compared: the plan was refused (%2).")
                       .arg(!eb_.ok ? b_.name : a_.name, q(!eb_.ok ? eb_.refusal : ea_.refusal));
            return out;
        }
        out << headline();
        const int before = static_cast<int>(out.size());
        const TrainingSpec& ta = pa_.training;
        const TrainingSpec& tb = pb_.training;
        if (pa_.model.params != pb_.model.params || pa_.model.preset != pb_.model.preset ||
            pa_.model.layers != pb_.model.layers || pa_.model.hidden != pb_.model.hidden)
            add(out, model());
        if (ta.method != tb.method)
            add(out, method());
        if (ta.precision != tb.precision || effectiveTable(ta) != effectiveTable(tb))
            add(out, precision());
        if (ta.accounting != tb.accounting)
            add(out, accounting());
        if (ta.optimizer != tb.optimizer)
            add(out, optimizer());
        if (pa_.parallelism.sharding != pb_.parallelism.sharding)
            add(out, sharding());
        if (pa_.parallelism.gpus != pb_.parallelism.gpus)
            add(out, gpus());
        if (ta.micro_batch != tb.micro_batch || ta.seq_len != tb.seq_len)
            add(out, tokens());
        if (ta.checkpointing != tb.checkpointing)
            add(out, checkpointing());
        if (ta.attention != tb.attention)
            add(out, attention());
        if (ta.lora.rank != tb.lora.rank &&
            (tb.method == Method::Lora || tb.method == Method::Qlora))
            add(out, loraRank());
        if (pa_.hardware.gpu != pb_.hardware.gpu ||
            pa_.hardware.memory_gib != pb_.hardware.memory_gib)
            add(out, gpu());
        if (static_cast<int>(out.size()) - before >= 2)
            out.insert(before, CompareExplain::tr(
                                   "Several settings change at once; the figures below are for all "
                                   "of them together."));
        if (static_cast<int>(out.size()) == before) {
            if (std::fabs(eb_.total - ea_.total) < 1.0)
                out << CompareExplain::tr("Both columns describe the same plan.");
            else
                out << largestPart();
        }
        return out;
    }

private:
    static void add(QStringList& out, const QString& s) {
        if (!s.isEmpty())
            out << s;
    }
    QString sz(double bytes) const { return formatSize(bytes, units_); }
    QString change(double a, double b) const {
        return CompareExplain::tr("%1 \u2192 %2").arg(sz(a), sz(b));
    }
    QString change(Component c) const { return change(bytesOf(ea_, c), bytesOf(eb_, c)); }
    QString comp(Component c) const { return uiLabel(c).toLower(); }

    // "INT8: 43.50 GiB per GPU instead of 163.53 GiB (−73%); the largest change is in the
    // optimizer states (75.31 GiB → 1.96 GiB), mostly Adam moments (m, v)."
    QString headline() const {
        Component top = Component::Weights;
        double best = -1;
        for (std::size_t i = 0; i < kComponentCount; ++i) {
            const auto c = static_cast<Component>(i);
            const double d = std::fabs(bytesOf(eb_, c) - bytesOf(ea_, c));
            if (d > best) {
                best = d;
                top = c;
            }
        }
        const bool same = std::fabs(eb_.total - ea_.total) < 0.005 * std::max(ea_.total, 1.0);
        QString s = same ? CompareExplain::tr("%1 needs %2 per GPU, about the same as %3 (%4)")
                               .arg(b_.name, sz(eb_.total), a_.name, sz(ea_.total))
                         : CompareExplain::tr("%1 needs %2 per GPU, %3 compared with %4 (%5)")
                               .arg(b_.name, sz(eb_.total), percent(ea_.total, eb_.total), a_.name,
                                    sz(ea_.total));
        if (best >= 0.005 * std::max(ea_.total, eb_.total)) {
            s += CompareExplain::tr("; the largest change is in the %1 (%2)")
                     .arg(comp(top), change(top));
            const QString part = topPart(top);
            if (!part.isEmpty())
                s += CompareExplain::tr(", mostly %1").arg(part);
        }
        return s + QLatin1Char('.');
    }

    // The part of a component that changed most, by label ("master weights (fp32)").
    QString topPart(Component c) const {
        const ComponentBreakdown& pa = ea_.per_gpu[static_cast<std::size_t>(c)];
        const ComponentBreakdown& pb = eb_.per_gpu[static_cast<std::size_t>(c)];
        std::string_view label;
        double best = 0;
        auto consider = [&](std::string_view l) {
            double x = 0, y = 0;
            for (std::size_t i = 0; i < pa.part_count; ++i)
                if (pa.parts[i].label == l)
                    x += pa.parts[i].bytes;
            for (std::size_t i = 0; i < pb.part_count; ++i)
                if (pb.parts[i].label == l)
                    y += pb.parts[i].bytes;
            if (std::fabs(y - x) > best) {
                best = std::fabs(y - x);
                label = l;
            }
        };
        for (std::size_t i = 0; i < pa.part_count; ++i)
            consider(pa.parts[i].label);
        for (std::size_t i = 0; i < pb.part_count; ++i)
            consider(pb.parts[i].label);
        // A part is worth naming only when the component has several.
        if (label.empty() || (pa.part_count <= 1 && pb.part_count <= 1))
            return {};
        return q(label);
    }

    QString largestPart() const {
        return CompareExplain::tr(
            "The plans differ in settings a column does not override; compare their assumptions.");
    }

    QString perParam(double states, const Plan& p, const Evaluation& e) const {
        if (!singleReplica(p) || p.parallelism.tp * p.parallelism.pp != 1 || !(e.params_total > 0))
            return {};
        return CompareExplain::tr("%1 bytes per parameter")
            .arg(QLocale().toString(states / e.params_total, 'f', 1));
    }

    QString statesChange() const {
        const double ma = modelStates(ea_), mb = modelStates(eb_);
        QString s = change(ma, mb);
        const QString ppa = perParam(ma, pa_, ea_), ppb = perParam(mb, pb_, eb_);
        if (!ppa.isEmpty() && !ppb.isEmpty())
            s += CompareExplain::tr(", %1 \u2192 %2").arg(ppa, ppb);
        return s;
    }

    QString precision() const {
        const TrainingSpec& ta = pa_.training;
        const TrainingSpec& tb = pb_.training;
        const QString ra = uiLabel(ta.precision), rb = uiLabel(tb.precision);
        QString out;
        // Which storage types differ.
        if (ta.accounting == Accounting::Realistic && tb.accounting == Accounting::Realistic) {
            const DtypeTable da = effectiveTable(ta), db = effectiveTable(tb);
            QStringList changes;
            // A master copy only counts where the plan keeps one (LoRA adapters, say, are fp32
            // anyway).
            const bool anyMaster =
                partBytes(ea_, Component::OptimizerStates, "master weights") > 0 ||
                partBytes(eb_, Component::OptimizerStates, "master weights") > 0;
            for (const auto& e : names(TensorClass{})) {
                const auto i = static_cast<std::size_t>(e.value);
                if (e.value == TensorClass::MasterWeights && !anyMaster)
                    continue;
                if (da[i] != db[i])
                    changes << CompareExplain::tr("%1 %2 \u2192 %3")
                                   .arg(uiLabel(e.value).toLower(), q(keyOf(da[i])),
                                        q(keyOf(db[i])));
            }
            if (!changes.isEmpty())
                out = CompareExplain::tr("%1 instead of %2 stores %3.")
                          .arg(rb, ra, changes.join(QLatin1String(", ")));
        } else if (ta.accounting == Accounting::Textbook && tb.accounting == Accounting::Textbook) {
            out = CompareExplain::tr(
                      "In textbook accounting every tensor is counted at the recipe's width (%1 "
                      "\u2192 %2 bytes per "
                      "value), so weights, gradients and activations scale with it (weights %3; "
                      "activations %4).")
                      .arg(QLocale().toString(textbookWidth(ta.precision)),
                           QLocale().toString(textbookWidth(tb.precision)),
                           change(Component::Weights), change(Component::Activations));
            if (isMixedRecipe(ta.precision) != isMixedRecipe(tb.precision))
                out += QLatin1Char(' ') +
                       CompareExplain::tr(
                           "Mixed precision is counted as the ZeRO paper does: fp32 master weights "
                           "and moments, "
                           "12 bytes per parameter of optimizer states (optimizer states %1).")
                           .arg(change(Component::OptimizerStates));
            return out;
        }

        const bool frozenA = ea_.has(Note::Int8FullFrozenBase),
                   frozenB = eb_.has(Note::Int8FullFrozenBase);
        const double masterA = partBytes(ea_, Component::OptimizerStates, "master weights");
        const double masterB = partBytes(eb_, Component::OptimizerStates, "master weights");
        QString why;
        if (frozenB && !frozenA) {
            why = CompareExplain::tr(
                      "%1 in realistic accounting means a quantized, frozen base: int8/int4 "
                      "matrices cannot be "
                      "trained directly, so only the embeddings, norms and head train (%2 of %3 "
                      "parameters) and "
                      "the gradients and optimizer states shrink with them (optimizer states %4). "
                      "The layer "
                      "weights are stored as codes plus scales (weights %5).")
                      .arg(rb, count(eb_.params_trainable), count(eb_.params_total),
                           change(Component::OptimizerStates), change(Component::Weights));
        } else if (frozenA && !frozenB) {
            why = CompareExplain::tr(
                      "%1 treats the quantized base as frozen; %2 trains all %3 parameters again, "
                      "so gradients and "
                      "optimizer states come back (optimizer states %4).")
                      .arg(ra, rb, count(eb_.params_trainable), change(Component::OptimizerStates));
        } else if (masterB > 0 && masterA <= 0) {
            why =
                CompareExplain::tr(
                    "Mixed precision keeps an fp32 master copy of the weights (%1, counted as "
                    "optimizer "
                    "states) beside the 16-bit weights, and the Adam moments stay in fp32, so the "
                    "model "
                    "states do not halve (weights + gradients + optimizer states %2). What halves "
                    "is the "
                    "weights (%3) and the activations (%4).")
                    .arg(sz(masterB), statesChange(), change(Component::Weights),
                         change(Component::Activations));
        } else if (masterA > 0 && masterB <= 0 && !isQuantizedRecipe(tb.precision)) {
            if (tb.precision == Recipe::Fp32)
                why =
                    CompareExplain::tr(
                        "FP32 needs no separate master copy, since the weights are already fp32; "
                        "the weights "
                        "(%1) and activations (%2) double, while the model states stay close (%3).")
                        .arg(change(Component::Weights), change(Component::Activations),
                             statesChange());
            else
                why = CompareExplain::tr(
                          "%1 keeps no fp32 master copy (%2 in %3) and stores the optimizer states "
                          "in its own "
                          "16-bit type, so the model states shrink too (%4).")
                          .arg(rb, sz(masterA), ra, statesChange());
        } else if (masterA > 0 && masterB > 0) {
            why = CompareExplain::tr(
                      "Both keep fp32 master weights and fp32 moments, so the model states barely "
                      "move (%1); the "
                      "difference is in the weights (%2) and activations (%3).")
                      .arg(statesChange(), change(Component::Weights),
                           change(Component::Activations));
        } else {
            why = CompareExplain::tr("Model states %1; activations %2.")
                      .arg(statesChange(), change(Component::Activations));
        }
        return out.isEmpty() ? why : out + QLatin1Char(' ') + why;
    }

    QString method() const {
        const Method ma = pa_.training.method, mb = pb_.training.method;
        const QString lb = uiLabel(mb);
        const double share =
            eb_.params_total > 0 ? eb_.params_trainable / eb_.params_total * 100.0 : 0;
        const QString pct = QLocale().toString(share, 'f', share < 1 ? 2 : 1);
        if ((mb == Method::Lora || mb == Method::Qlora) && ma != Method::Lora &&
            ma != Method::Qlora) {
            QString s = CompareExplain::tr(
                            "%1 trains only small adapter matrices (%2 parameters, %3% of %4): "
                            "gradients and "
                            "optimizer states exist only for them (optimizer states %5), while the "
                            "frozen base "
                            "weights stay on the GPU (weights %6).")
                            .arg(lb, count(eb_.params_trainable), pct, count(eb_.params_total),
                                 change(Component::OptimizerStates), change(Component::Weights));
            if (mb == Method::Qlora && pa_.training.method != Method::Qlora)
                s += QLatin1Char(' ') +
                     CompareExplain::tr(
                         "QLoRA also stores the frozen base in NF4 (about 4.1 bits per weight), "
                         "which is why its weights are a quarter of 16-bit ones.");
            return s;
        }
        if (mb == Method::Qlora && ma == Method::Lora)
            return CompareExplain::tr(
                       "QLoRA is LoRA over a base quantized to NF4 (about 4.1 bits per weight "
                       "instead of %1 bits): "
                       "weights %2; the adapters and their optimizer states are the same.")
                .arg(QLocale().toString(bytesPerElement(effectiveTable(pa_.training)[0]) * 8),
                     change(Component::Weights));
        if (mb == Method::Inference) {
            const double kv = partBytes(eb_, Component::Activations, "KV cache");
            return CompareExplain::
                tr("Inference runs the forward pass only: no gradients and no optimizer states; "
                   "what remains "
                   "is the weights (%1) and the KV cache (%2).")
                    .arg(sz(bytesOf(eb_, Component::Weights)), sz(kv));
        }
        return CompareExplain::tr(
                   "%1 trains %2 parameters instead of %3 (of %4): gradients and optimizer states "
                   "follow the "
                   "trainable count (optimizer states %5).")
            .arg(lb, count(eb_.params_trainable), count(ea_.params_trainable),
                 count(eb_.params_total), change(Component::OptimizerStates));
    }

    QString accounting() const {
        return CompareExplain::
            tr("Textbook accounting is the seed articles' arithmetic: every tensor at the "
               "recipe's width, "
               "activations by (hidden + ffn) \u00d7 sequence \u00d7 layers, no temporaries and "
               "no allocator "
               "reserve. Realistic accounting models what PyTorch actually allocates at the "
               "peak of the step "
               "(total %1).")
                .arg(change(ea_.total, eb_.total));
    }

    QString optimizer() const {
        return CompareExplain::tr("%1 keeps %2, where %3 keeps %4: optimizer states %5.")
            .arg(uiLabel(pb_.training.optimizer), optimizerStates(pb_.training.optimizer),
                 uiLabel(pa_.training.optimizer), optimizerStates(pa_.training.optimizer),
                 change(Component::OptimizerStates));
    }

    QString sharding() const {
        const Sharding sb = pb_.parallelism.sharding;
        const int64_t S = shardFactor(pb_);
        if (S <= 1 && sb != Sharding::None)
            return CompareExplain::tr(
                       "With a single data-parallel GPU there is nothing to shard over, so %1 "
                       "changes nothing "
                       "here; it pays off with several GPUs.")
                .arg(uiLabel(sb));
        switch (sb) {
        case Sharding::None:
            return CompareExplain::tr(
                       "Plain data parallelism (DDP) keeps a full copy of the weights, gradients "
                       "and optimizer "
                       "states on every GPU (optimizer states %1).")
                .arg(change(Component::OptimizerStates));
        case Sharding::Zero1:
            return CompareExplain::
                tr("ZeRO-1 splits the optimizer states, including the fp32 master copy, over %1 "
                   "GPUs: "
                   "optimizer states %2.")
                    .arg(S)
                    .arg(change(Component::OptimizerStates));
        case Sharding::Zero2:
            return CompareExplain::tr(
                       "ZeRO-2 (FSDP SHARD_GRAD_OP) splits the optimizer states and the gradients "
                       "over %1 GPUs: "
                       "optimizer states %2, gradients %3.")
                .arg(S)
                .arg(change(Component::OptimizerStates), change(Component::Gradients));
        case Sharding::Zero3:
            return CompareExplain::tr(
                       "ZeRO-3 (FSDP FULL_SHARD) splits the weights too, over %1 GPUs (weights %2, "
                       "optimizer "
                       "states %3), and gathers one layer's full weights at a time to compute with "
                       "(other %4).")
                .arg(S)
                .arg(change(Component::Weights), change(Component::OptimizerStates),
                     change(Component::Other));
        }
        return {};
    }

    QString gpus() const {
        const int64_t ga = pa_.parallelism.gpus, gb = pb_.parallelism.gpus;
        if (pb_.parallelism.sharding == Sharding::None && pb_.parallelism.tp == 1 &&
            pb_.parallelism.pp == 1)
            return CompareExplain::
                tr("Plain data parallelism replicates the whole model on every GPU, so %1 GPUs "
                   "instead of %2 do "
                   "not lower the memory per GPU (total %3); shard the states (ZeRO / FSDP) for "
                   "more GPUs to help.")
                    .arg(gb)
                    .arg(ga)
                    .arg(change(ea_.total, eb_.total));
        return CompareExplain::tr(
                   "With %1 GPUs instead of %2, each holds a smaller share of the sharded or split "
                   "states "
                   "(weights %3, optimizer states %4).")
            .arg(gb)
            .arg(ga)
            .arg(change(Component::Weights), change(Component::OptimizerStates));
    }

    QString tokens() const {
        const TrainingSpec& ta = pa_.training;
        const TrainingSpec& tb = pb_.training;
        const double ratio = static_cast<double>(tb.micro_batch * tb.seq_len) /
                             static_cast<double>(ta.micro_batch * ta.seq_len);
        QString s = CompareExplain::tr(
                        "Activations grow with the tokens in a micro-batch (micro-batch \u00d7 "
                        "sequence length: "
                        "%1 \u00d7 %2 \u2192 %3 \u00d7 %4, \u00d7%5): activations %6, while the "
                        "model states stay.")
                        .arg(ta.micro_batch)
                        .arg(ta.seq_len)
                        .arg(tb.micro_batch)
                        .arg(tb.seq_len)
                        .arg(QLocale().toString(ratio, 'g', 3), change(Component::Activations));
        if (ta.seq_len != tb.seq_len && tb.attention == Attention::Eager &&
            tb.method != Method::Inference)
            s += QLatin1Char(' ') +
                 CompareExplain::tr(
                     "Eager attention also stores the sequence \u00d7 sequence score matrices, so "
                     "activations grow faster than the sequence.");
        return s;
    }

    QString checkpointing() const {
        const Checkpointing cb = pb_.training.checkpointing;
        switch (cb) {
        case Checkpointing::Full:
            return CompareExplain::tr(
                       "Full recomputation keeps only each layer's input and recomputes the rest "
                       "during the "
                       "backward pass (about one extra forward pass): activations %1.")
                .arg(change(Component::Activations));
        case Checkpointing::Selective:
            return CompareExplain::tr(
                       "Selective recomputation drops only the attention scores and recomputes "
                       "them: activations %1.")
                .arg(change(Component::Activations));
        case Checkpointing::None:
            return CompareExplain::
                tr("Without recomputation every layer keeps all it needs for the backward pass: "
                   "activations %1.")
                    .arg(change(Component::Activations));
        }
        return {};
    }

    QString attention() const {
        return CompareExplain::tr(
                   "Eager attention materialises the attention scores (heads \u00d7 sequence\u00b2 "
                   "per sequence); "
                   "flash attention / SDPA never stores them: activations %1.")
            .arg(change(Component::Activations));
    }

    QString loraRank() const {
        return CompareExplain::
            tr("LoRA rank %1 instead of %2: %3 trainable parameters instead of %4; the adapters "
               "are small, so "
               "the total moves little (%5).")
                .arg(pb_.training.lora.rank)
                .arg(pa_.training.lora.rank)
                .arg(count(eb_.params_trainable), count(ea_.params_trainable),
                     change(ea_.total, eb_.total));
    }

    QString gpu() const {
        const auto name = [&](const Plan& p) {
            const GpuPreset* g = presets_.findGpu(p.hardware.gpu);
            return g ? QString::fromStdString(g->name) : CompareExplain::tr("no GPU");
        };
        if (!ea_.has_capacity || !eb_.has_capacity)
            return {};
        return CompareExplain::tr(
                   "The %1 holds %2 where the %3 holds %4: the GPU sets the capacity (and the CUDA "
                   "context), "
                   "not what the plan needs (total %5).")
            .arg(name(pb_), sz(eb_.capacity), name(pa_), sz(ea_.capacity),
                 change(ea_.total, eb_.total));
    }

    QString model() const {
        return CompareExplain::
            tr("%1 parameters instead of %2: weights, gradients and optimizer states scale with "
               "the "
               "parameter count (weights %3), activations with the layers and the hidden size "
               "(%4).")
                .arg(count(eb_.params_total), count(ea_.params_total), change(Component::Weights),
                     change(Component::Activations));
    }

    const Scenario& a_;
    const Scenario& b_;
    const Evaluation& ea_;
    const Evaluation& eb_;
    const Plan& pa_;
    const Plan& pb_;
    UnitSystem units_;
    const PresetLibrary& presets_;
};

} // namespace

QStringList explainDifference(const Scenario& a, const Scenario& b, UnitSystem units,
                              const PresetLibrary& presets) {
    return Explainer(a, b, units, presets).sentences();
}

QStringList explainComparison(const std::vector<Scenario>& scenarios, UnitSystem units,
                              const PresetLibrary& presets) {
    QStringList out;
    if (scenarios.size() < 2)
        return out;
    // Overview: lowest and highest, and which fit when all columns share one capacity.
    const Scenario* lo = nullptr;
    const Scenario* hi = nullptr;
    bool sameCapacity = true;
    for (const Scenario& s : scenarios) {
        if (!s.evaluation.ok)
            continue;
        if (!lo || s.evaluation.total < lo->evaluation.total)
            lo = &s;
        if (!hi || s.evaluation.total > hi->evaluation.total)
            hi = &s;
        if (!s.evaluation.has_capacity ||
            s.evaluation.capacity != scenarios.front().evaluation.capacity)
            sameCapacity = false;
    }
    if (lo && hi && lo != hi) {
        QString s =
            CompareExplain::tr(
                "Each column is compared with the first (%1). Lowest: %2 (%3); highest: %4 (%5).")
                .arg(scenarios.front().name, lo->name, formatSize(lo->evaluation.total, units),
                     hi->name, formatSize(hi->evaluation.total, units));
        if (sameCapacity) {
            QStringList fit;
            for (const Scenario& s2 : scenarios)
                if (s2.evaluation.ok && s2.evaluation.fits)
                    fit << s2.name;
            s += QLatin1Char(' ');
            s += fit.isEmpty() ? CompareExplain::tr("None fits in %1 per GPU.")
                                     .arg(formatSize(scenarios.front().evaluation.capacity, units))
                               : CompareExplain::tr("Fits in %1 per GPU: %2.")
                                     .arg(formatSize(scenarios.front().evaluation.capacity, units),
                                          fit.join(QLatin1String(", ")));
        }
        out << s;
    }
    for (std::size_t i = 1; i < scenarios.size(); ++i)
        out << explainDifference(scenarios.front(), scenarios[i], units, presets)
                   .join(QLatin1Char(' '));
    return out;
}

} // namespace memplan::gui
