// Suggestions in the core: every one fits, every kind appears where its lever helps, and the
// list is ranked by what the user gives up (the same global batch before a smaller one).
#include "memplan/model.h"
#include "memplan/plan_edit.h"
#include "memplan/plan_json.h"
#include "memplan/suggest.h"

#include <QtTest>

#include <nlohmann/json.hpp>

using namespace memplan;

namespace {
const Suggestion* find(const std::vector<Suggestion>& list, SuggestionKind kind) {
    for (const Suggestion& s : list)
        if (s.kind == kind)
            return &s;
    return nullptr;
}
std::string changeTo(const Suggestion& s, const std::string& path) {
    for (const PlanChange& c : s.changes)
        if (c.path == path)
            return c.to;
    return {};
}
} // namespace

class TestSuggest : public QObject {
    Q_OBJECT
    PresetLibrary presets_ = PresetLibrary::loadBundled();

    Plan plan(const char* model, const char* gpu) const {
        Plan p;
        applyModelPreset(p, *presets_.findModel(model));
        p.hardware.gpu = gpu;
        return p;
    }

private slots:
    // 70B in bf16 needs ~130 GiB of weights: on one 80 GB H100 the first hardware answer is
    // tensor parallelism over two GPUs.
    void inference70bOnOneH100() {
        Plan p = plan("llama-2-70b", "h100-sxm-80gb");
        p.training.method = Method::Inference;
        p.training.precision = Recipe::Bf16Pure;
        p.training.seq_len = 4096;
        const auto list = suggestFixes(p, presets_);
        const Suggestion* tp = find(list, SuggestionKind::TensorParallel);
        QVERIFY(tp);
        QCOMPARE(tp->plan.parallelism.tp, int64_t(2));
        QCOMPARE(tp->plan.parallelism.gpus, int64_t(2));
        QCOMPARE(changeTo(*tp, "parallelism.tp"), std::string("2"));
        QCOMPARE(changeTo(*tp, "parallelism.gpus"), std::string("2"));
        // Nothing that only training has.
        QVERIFY(!find(list, SuggestionKind::Checkpointing));
        QVERIFY(!find(list, SuggestionKind::Optimizer8bit));
        QVERIFY(!find(list, SuggestionKind::GradAccum));
    }

    // Full fine-tuning of 7B with micro-batch 8 on one 80 GB GPU: keeping the global batch
    // comes before shrinking it, and every suggestion fits with the headroom it reports.
    void rankedKeepGlobalBatchFirst() {
        Plan p = plan("llama-2-7b", "h100-sxm-80gb");
        p.training.method = Method::Lora;
        p.training.micro_batch = 64;
        p.training.seq_len = 4096;
        const auto list = suggestFixes(p, presets_);
        QVERIFY(!list.empty());
        QCOMPARE(list.front().kind, SuggestionKind::GradAccum);
        const Suggestion& ga = list.front();
        QCOMPARE(ga.plan.training.micro_batch * ga.plan.training.grad_accum, int64_t(64));
        const Suggestion* mb = find(list, SuggestionKind::MicroBatch);
        QVERIFY(mb);
        QVERIFY(mb->plan.training.micro_batch < 64);
        for (std::size_t i = 1; i < list.size(); ++i)
            QVERIFY(static_cast<int>(list[i - 1].kind) < static_cast<int>(list[i].kind));
        for (const Suggestion& s : list) {
            const Evaluation e = evaluate(s.plan, presets_);
            QVERIFY(e.fits);
            QCOMPARE(e.headroom, s.headroom);
            QVERIFY(!s.changes.empty());
            validatePlan(s.plan, "suggestion"); // a valid plan file, or it throws
        }
    }

    void eachLeverRescuesSomePlan_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("method");
        QTest::addColumn<int>("gpus");
        QTest::addColumn<int>("sharding");
        QTest::addColumn<QString>("gpu");
        auto row = [](SuggestionKind k, const char* model, Method m, int gpus, Sharding sh,
                      const char* gpu) {
            QTest::addRow("%s", std::string(suggestionKindKey(k)).c_str())
                << static_cast<int>(k) << QString::fromLatin1(model) << static_cast<int>(m) << gpus
                << static_cast<int>(sh) << QString::fromLatin1(gpu);
        };
        row(SuggestionKind::GradAccum, "llama-2-7b", Method::Lora, 1, Sharding::None, "rtx-4090");
        row(SuggestionKind::ChunkedLoss, "llama-3.2-1b", Method::Lora, 1, Sharding::None,
            "rtx-4090");
        row(SuggestionKind::Checkpointing, "llama-2-7b", Method::Lora, 1, Sharding::None,
            "rtx-4090");
        row(SuggestionKind::Sharding, "llama-2-7b", Method::Full, 8, Sharding::None,
            "h100-sxm-80gb");
        row(SuggestionKind::Optimizer8bit, "llama-3.2-1b", Method::Full, 1, Sharding::None,
            "rtx-4090");
        row(SuggestionKind::TensorParallel, "llama-2-70b", Method::Inference, 1, Sharding::None,
            "h100-sxm-80gb");
        row(SuggestionKind::Gpus, "llama-2-70b", Method::Full, 8, Sharding::Zero3, "h100-sxm-80gb");
        row(SuggestionKind::Quantization, "llama-2-13b", Method::Lora, 1, Sharding::None,
            "rtx-4090");
        row(SuggestionKind::Offload, "llama-2-7b", Method::Full, 1, Sharding::None,
            "h100-sxm-80gb");
        row(SuggestionKind::MicroBatch, "llama-2-7b", Method::Lora, 1, Sharding::None, "rtx-4090");
    }
    // Over a grid of batch and sequence sizes, the lever is offered for some plan, and each
    // time it is offered its plan fits and differs from the original only where it should.
    void eachLeverRescuesSomePlan() {
        QFETCH(int, kind);
        QFETCH(QString, model);
        QFETCH(int, method);
        QFETCH(int, gpus);
        QFETCH(int, sharding);
        QFETCH(QString, gpu);
        Plan p = plan(model.toStdString().c_str(), gpu.toStdString().c_str());
        p.training.method = static_cast<Method>(method);
        p.parallelism.gpus = gpus;
        p.parallelism.sharding = static_cast<Sharding>(sharding);
        int offered = 0;
        for (int64_t mb : {1, 2, 4, 8, 16, 32})
            for (int64_t seq : {512, 1024, 2048, 4096, 8192, 16384}) {
                p.training.micro_batch = mb;
                p.training.seq_len = seq;
                for (const Suggestion& s : suggestFixes(p, presets_)) {
                    if (s.kind != static_cast<SuggestionKind>(kind))
                        continue;
                    ++offered;
                    QVERIFY(evaluate(s.plan, presets_).fits);
                    QVERIFY(!evaluate(p, presets_).fits);
                }
            }
        QVERIFY2(offered > 0,
                 std::string(suggestionKindKey(static_cast<SuggestionKind>(kind))).c_str());
    }

    // Serving (issue 15): a vLLM engine whose KV cache cannot hold one max_model_len
    // sequence. Each serving lever is offered where it helps, its plan fits, and only the
    // engine arguments it names change.
    void servingLevers_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("gpu");
        QTest::addColumn<int>("maxModelLen");
        QTest::addColumn<double>("utilization");
        QTest::addColumn<QString>("path");
        auto row = [](SuggestionKind k, const char* model, const char* gpu, int len, double util,
                      const char* path) {
            QTest::addRow("%s %s %d", std::string(suggestionKindKey(k)).c_str(), model, len)
                << static_cast<int>(k) << QString::fromLatin1(model) << QString::fromLatin1(gpu)
                << len << util << QString::fromLatin1(path);
        };
        row(SuggestionKind::Utilization, "llama-3.1-8b", "rtx-4090", 32768, 0.8,
            "serving.gpu_memory_utilization");
        row(SuggestionKind::KvCacheFp8, "llama-3.1-8b", "rtx-4090", 65536, 0.9,
            "serving.kv_cache_dtype");
        row(SuggestionKind::ContextLength, "llama-3.1-8b", "rtx-4090", 65536, 0.9,
            "serving.max_model_len");
        row(SuggestionKind::TensorParallel, "llama-3.1-8b", "rtx-4090", 65536, 0.9,
            "parallelism.tp");
    }
    void servingLevers() {
        QFETCH(int, kind);
        QFETCH(QString, model);
        QFETCH(QString, gpu);
        QFETCH(int, maxModelLen);
        QFETCH(double, utilization);
        QFETCH(QString, path);
        Plan p = plan(model.toStdString().c_str(), gpu.toStdString().c_str());
        p.training.method = Method::Serving;
        p.training.precision = Recipe::Bf16Pure;
        p.training.serving.max_model_len = maxModelLen;
        p.training.serving.gpu_memory_utilization = utilization;
        QVERIFY2(!evaluate(p, presets_).fits, "the test plan should not fit");
        const auto list = suggestFixes(p, presets_);
        const Suggestion* s = find(list, static_cast<SuggestionKind>(kind));
        QVERIFY2(s, qPrintable(path));
        const Evaluation e = evaluate(s->plan, presets_);
        QVERIFY(e.fits && e.serving.fits_one_sequence);
        QVERIFY(!changeTo(*s, path.toStdString()).empty());
        // Nothing that only training has.
        for (SuggestionKind k :
             {SuggestionKind::GradAccum, SuggestionKind::ChunkedLoss, SuggestionKind::Checkpointing,
              SuggestionKind::Optimizer8bit, SuggestionKind::Offload, SuggestionKind::MicroBatch,
              SuggestionKind::Gpus})
            QVERIFY2(!find(list, k), suggestionKindKey(k).data());
        for (std::size_t i = 1; i < list.size(); ++i)
            QVERIFY(static_cast<int>(list[i - 1].kind) < static_cast<int>(list[i].kind));
        if (s->kind == SuggestionKind::Utilization) // the smallest raise that fits
        {
            Plan less = p;
            less.training.serving.gpu_memory_utilization =
                s->plan.training.serving.gpu_memory_utilization - 0.01;
            QVERIFY(!evaluate(less, presets_).fits);
            QVERIFY(s->plan.training.serving.gpu_memory_utilization <= 0.95 + 1e-9);
        }
        if (s->kind == SuggestionKind::ContextLength) // the longest that fits
        {
            Plan longer = s->plan;
            longer.training.serving.max_model_len += 16;
            QVERIFY(!evaluate(longer, presets_).fits);
        }
    }

    // Post-training: a LoRA policy that does not fit is offered a QLoRA policy.
    void dpoLoraPolicyToQlora() {
        Plan p = plan("llama-3.1-8b", "rtx-4090");
        p.training.method = Method::Dpo;
        p.training.rl.policy = Method::Lora;
        p.training.seq_len = 1024;
        int offered = 0;
        for (int64_t mb : {1, 2, 4, 8}) {
            p.training.micro_batch = mb;
            if (evaluate(p, presets_).fits)
                continue;
            const auto list = suggestFixes(p, presets_);
            if (const Suggestion* q = find(list, SuggestionKind::Quantization)) {
                ++offered;
                QCOMPARE(q->plan.training.rl.policy, std::optional<Method>(Method::Qlora));
                QCOMPARE(q->plan.training.method, Method::Dpo);
                QVERIFY(evaluate(q->plan, presets_).fits);
            }
        }
        QVERIFY(offered > 0);
    }

    void nothingWhenItFits() {
        Plan p = plan("llama-3.2-1b", "h100-sxm-80gb");
        p.training.method = Method::Inference;
        QVERIFY(suggestFixes(p, presets_).empty());
        Plan noGpu = p;
        noGpu.hardware.gpu.clear();
        noGpu.training.micro_batch = 100000;
        QVERIFY(suggestFixes(noGpu, presets_).empty());
    }

    void jsonShape() {
        Plan p = plan("llama-2-70b", "h100-sxm-80gb");
        p.training.method = Method::Inference;
        const nlohmann::json j = suggestionsToJson(suggestFixes(p, presets_));
        QVERIFY(j.is_array() && !j.empty());
        for (const auto& s : j) {
            QVERIFY(s.at("kind").is_string());
            QVERIFY(s.at("headroom").get<int64_t>() >= 0);
            QVERIFY(s.at("changes").is_array());
            // The plan is a plan file again.
            const Plan back = parsePlanJson(s.at("plan"), "suggestion", presets_);
            QVERIFY(evaluate(back, presets_).fits);
        }
    }
};

QTEST_GUILESS_MAIN(TestSuggest)
#include "tst_suggest.moc"
