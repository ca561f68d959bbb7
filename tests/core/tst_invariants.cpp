// Properties that must hold for every valid plan, checked over thousands of random plans:
// more work never needs less memory, more sharding or recomputation never needs more, and
// the components always sum to the peak.
#include "memplan/model.h"
#include "memplan/param_count.h"
#include "memplan/result_json.h"

#include <nlohmann/json.hpp>

#include <QRandomGenerator>
#include <QtTest>

using namespace memplan;

namespace {
constexpr int kPlans = 3000;

template <typename E> E pick(QRandomGenerator& rng, std::initializer_list<E> values) {
    return *(values.begin() + rng.bounded(static_cast<int>(values.size())));
}

Plan randomPlan(QRandomGenerator& rng) {
    Plan p;
    ModelSpec& m = p.model;
    m.head_dim = pick<int64_t>(rng, {64, 128});
    m.heads = pick<int64_t>(rng, {8, 16, 32, 64});
    m.kv_heads = m.heads / pick<int64_t>(rng, {1, 2, 4, 8});
    m.hidden = m.heads * m.head_dim;
    m.ffn = m.hidden * pick<int64_t>(rng, {2, 3, 4});
    m.layers = 2 + rng.bounded(60);
    m.vocab = pick<int64_t>(rng, {32000, 50257, 128256});
    m.mlp = pick(rng, {MlpKind::Gated, MlpKind::Plain});
    m.norm = pick(rng, {NormKind::RmsNorm, NormKind::LayerNorm});
    m.tied_embeddings = rng.bounded(2);
    m.dropout = pick(rng, {0.0, 0.1});
    m.max_position = 1 << 20;
    if (rng.bounded(5) == 0) {
        m.experts = 8;
        m.experts_per_token = 2;
    }
    TrainingSpec& t = p.training;
    t.method = pick(rng, {Method::Full, Method::Lora, Method::Qlora, Method::Freeze, Method::Galore,
                          Method::Inference});
    t.precision = pick(rng, {Recipe::Fp32, Recipe::Fp16Mixed, Recipe::Bf16Mixed, Recipe::Bf16Pure,
                             Recipe::Fp8Mixed, Recipe::Int8, Recipe::Int4});
    t.optimizer = pick(rng, {Optimizer::AdamW, Optimizer::AdamW8bit, Optimizer::Adafactor,
                             Optimizer::Sgd, Optimizer::SgdMomentum, Optimizer::Lion});
    t.optimizer_impl =
        pick(rng, {OptimizerImpl::Foreach, OptimizerImpl::Fused, OptimizerImpl::Loop});
    t.micro_batch = 1 + rng.bounded(16);
    t.seq_len = 128 << rng.bounded(6);
    t.grad_accum = pick<int64_t>(rng, {1, 1, 4});
    t.checkpointing =
        pick(rng, {Checkpointing::None, Checkpointing::Selective, Checkpointing::Full});
    t.attention = pick(rng, {Attention::Eager, Attention::Flash});
    t.loss = pick(rng, {Loss::Standard, Loss::Chunked});
    t.optimizer_in_backward = rng.bounded(4) == 0;
    t.grads_to_none = rng.bounded(4) != 0;
    t.lora.rank = pick<int64_t>(rng, {4, 16, 64});
    t.lora.targets = pick<uint32_t>(rng, {LoraQ | LoraV, LoraAllLinear});
    t.trainable_fraction = pick(rng, {0.1, 0.5, 1.0});
    t.new_tokens = rng.bounded(512);
    ParallelSpec& par = p.parallelism;
    par.tp = pick<int64_t>(rng, {1, 1, 2, 4});
    while (m.heads % par.tp != 0)
        par.tp /= 2;
    par.pp = pick<int64_t>(rng, {1, 1, 2});
    const int64_t dp = pick<int64_t>(rng, {1, 2, 8, 64});
    par.gpus = dp * par.tp * par.pp;
    par.sharding = pick(rng, {Sharding::None, Sharding::Zero1, Sharding::Zero2, Sharding::Zero3});
    if (rng.bounded(3) == 0) // optionally give the parameter count, scaling the shape's count
        m.params = countParameters(m).total * (0.9 + 0.2 * rng.generateDouble());
    return p;
}

QByteArray describe(const Plan& p) {
    return QStringLiteral("layers %1 hidden %2 method %3 recipe %4 opt %5 mb %6 seq %7 tp %8 pp %9 "
                          "gpus %10 sharding %11 ckpt %12 attn %13")
        .arg(p.model.layers)
        .arg(p.model.hidden)
        .arg(int(p.training.method))
        .arg(int(p.training.precision))
        .arg(int(p.training.optimizer))
        .arg(p.training.micro_batch)
        .arg(p.training.seq_len)
        .arg(p.parallelism.tp)
        .arg(p.parallelism.pp)
        .arg(p.parallelism.gpus)
        .arg(int(p.parallelism.sharding))
        .arg(int(p.training.checkpointing))
        .arg(int(p.training.attention))
        .toUtf8();
}

double peak(const Plan& p) {
    return evaluate(p, nullptr).peak_allocated;
}

// Equal up to rounding of the floating-point sums.
bool notLess(double a, double b) {
    return a >= b * (1 - 1e-12);
}
} // namespace

class TestInvariants : public QObject {
    Q_OBJECT
private slots:
    void componentsSumToPeak() {
        QRandomGenerator rng(1);
        for (int i = 0; i < kPlans; ++i) {
            const Plan p = randomPlan(rng);
            const Evaluation e = evaluate(p, nullptr);
            QVERIFY2(e.ok, describe(p));
            double sum = 0;
            for (std::size_t c = 0; c < kAllocatedComponentCount; ++c) {
                QVERIFY2(e.per_gpu[c].bytes >= 0, describe(p));
                sum += e.per_gpu[c].bytes;
            }
            QVERIFY2(std::fabs(sum - e.peak_allocated) <= 1e-9 * e.peak_allocated, describe(p));
            for (std::size_t m = 0; m < e.moment_count; ++m)
                QVERIFY2(e.moments[m].allocated() <= e.peak_allocated, describe(p));
        }
    }

    // eval --json in whole bytes (issue 9, item 13): the parts of each breakdown component sum
    // exactly to it, it equals per_gpu's figure, every moment's components sum exactly to its
    // allocated bytes, and the largest moment is exactly peak_allocated.
    void jsonSumsAreExact() {
        QRandomGenerator rng(5);
        for (int i = 0; i < kPlans; ++i) {
            const Plan p = randomPlan(rng);
            const nlohmann::json j = evaluationToJson(p, evaluate(p, nullptr));
            const auto& per = j.at("per_gpu");
            for (const auto& [key, component] : j.at("breakdown").items()) {
                int64_t sum = 0;
                for (const auto& part : component.at("parts"))
                    sum += part.at("bytes").get<int64_t>();
                if (!component.at("parts").empty())
                    QVERIFY2(sum == component.at("bytes").get<int64_t>(), describe(p));
                if (per.contains(key))
                    QVERIFY2(per.at(key) == component.at("bytes"), describe(p));
            }
            int64_t largest = 0;
            for (const auto& m : j.at("timeline")) {
                int64_t sum = 0;
                for (const char* c :
                     {"weights", "gradients", "optimizer_states", "activations", "other"})
                    sum += m.at(c).get<int64_t>();
                QVERIFY2(sum == m.at("allocated").get<int64_t>(), describe(p));
                largest = std::max(largest, m.at("allocated").get<int64_t>());
            }
            QVERIFY2(largest == per.at("peak_allocated").get<int64_t>(), describe(p));
        }
    }

    void growingWorkNeverNeedsLess_data() {
        QTest::addColumn<QString>("variable");
        QTest::addRow("micro_batch") << "micro_batch";
        QTest::addRow("seq_len") << "seq_len";
        QTest::addRow("params") << "params";
    }
    void growingWorkNeverNeedsLess() {
        QFETCH(QString, variable);
        QRandomGenerator rng(2);
        for (int i = 0; i < kPlans; ++i) {
            Plan p = randomPlan(rng);
            Plan bigger = p;
            if (variable == "micro_batch")
                bigger.training.micro_batch += 1 + rng.bounded(8);
            else if (variable == "seq_len")
                bigger.training.seq_len *= 2;
            else {
                const double base = p.model.params.value_or(countParameters(p.model).total);
                bigger.model.params = base * (1.01 + rng.generateDouble());
            }
            QVERIFY2(notLess(peak(bigger), peak(p)), describe(p));
        }
    }

    void derivedShapesGrowWithParams() {
        Plan p;
        double last = 0;
        for (double params = 1e8; params <= 2e12; params *= 1.07) {
            p.model = deriveShape(params);
            const double now = peak(p);
            QVERIFY2(now >= last, qPrintable(QString("at %1 parameters").arg(params)));
            last = now;
        }
    }

    void moreShardingNeverNeedsMore() {
        QRandomGenerator rng(3);
        for (int i = 0; i < kPlans; ++i) {
            Plan p = randomPlan(rng);
            p.parallelism.sharding = Sharding::None;
            double previous = peak(p);
            const int64_t dp = p.parallelism.gpus / (p.parallelism.tp * p.parallelism.pp);
            for (Sharding s : {Sharding::Zero1, Sharding::Zero2, Sharding::Zero3}) {
                // ZeRO-3 gathers whole units (a layer, or the embedding) next to the shards;
                // over 2 GPUs, or with only a few units per pipeline stage, that costs more
                // than it saves, as it does in FSDP and DeepSpeed.
                const ParamCounts c = countParameters(p.model);
                const bool bigUnits =
                    c.embedding > 0.1 * c.total || p.model.layers / p.parallelism.pp < 4;
                if (s == Sharding::Zero3 && (dp < 4 || bigUnits))
                    continue;
                p.parallelism.sharding = s;
                const double now = peak(p);
                QVERIFY2(notLess(previous, now), describe(p));
                previous = now;
            }
        }
    }

    void moreRecomputationNeverNeedsMore() {
        QRandomGenerator rng(4);
        for (int i = 0; i < kPlans; ++i) {
            Plan p = randomPlan(rng);
            p.training.checkpointing = Checkpointing::None;
            double previous = peak(p);
            for (Checkpointing c : {Checkpointing::Selective, Checkpointing::Full}) {
                p.training.checkpointing = c;
                const double now = peak(p);
                QVERIFY2(notLess(previous, now), describe(p));
                previous = now;
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestInvariants)
#include "tst_invariants.moc"
