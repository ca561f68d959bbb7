// Expert parallelism (each GPU's share of the routed experts, the all-to-all buffers, the
// parallelism.ep checks) and the saved activations of multi-head latent attention, each against
// a count made here from the architecture's tensors.
#include "bundled_presets.h"
#include "catch_input_error.h"
#include "evaluation_lookup.h"

#include "memplan/activations.h"
#include "memplan/model.h"
#include "memplan/plan_json.h"
#include "memplan/presets.h"
#include "memplan/vision.h"

#include <QtTest>

#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

using namespace memplan;
using namespace memplan::test;
using nlohmann::json;

namespace {

// The routed experts' matrices of a whole MoE model: gate, up and down of every expert in every
// MoE layer.
double routedExpertMatrices(const ModelSpec& m) {
    return static_cast<double>(m.layers - m.dense_layers) * 3.0 * static_cast<double>(m.hidden) *
           static_cast<double>(m.ffn) * static_cast<double>(m.experts);
}
} // namespace

class TestArchitectures : public QObject {
    Q_OBJECT

    PresetLibrary lib_;

    Plan parse(const json& j) { return parsePlanJson(j, "a.json", lib_); }

    json moePlan(const std::string& preset, int64_t gpus, int64_t ep) {
        return {{"model", {{"preset", preset}}},
                {"training",
                 {{"method", "full"},
                  {"precision", "bf16-pure"},
                  {"seq_len", 1024},
                  {"optimizer", "sgd"}}},
                {"parallelism", {{"gpus", gpus}, {"ep", ep}}}};
    }

private slots:
    void initTestCase() {
        const std::string error = test::loadBundledPresets(lib_);
        QVERIFY2(error.empty(), error.c_str());
    }

    // --- Expert parallelism ---------------------------------------------------------

    // Each GPU keeps experts / ep of the routed experts: the weights and gradients it holds
    // shrink by the other GPUs' share of the expert matrices (16-bit each), nothing else.
    void expertShare_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<int>("gpus");
        QTest::addColumn<int>("ep");
        QTest::addRow("mixtral ep 2") << "mixtral-8x7b" << 2 << 2;
        QTest::addRow("mixtral ep 8") << "mixtral-8x7b" << 8 << 8;
        QTest::addRow("mixtral ep 4 of 8 GPUs") << "mixtral-8x7b" << 8 << 4;
        QTest::addRow("qwen3-30b-a3b ep 8") << "qwen3-30b-a3b" << 8 << 8;
        QTest::addRow("deepseek-v3 ep 64 (dense layers)") << "deepseek-v3" << 64 << 64;
    }
    void expertShare() {
        QFETCH(QString, preset);
        QFETCH(int, gpus);
        QFETCH(int, ep);
        const Plan withEp = parse(moePlan(preset.toStdString(), gpus, ep));
        const Plan without = parse(moePlan(preset.toStdString(), gpus, 1));
        const Evaluation a = evaluate(withEp, lib_);
        const Evaluation b = evaluate(without, lib_);
        const double away = routedExpertMatrices(withEp.model) * (1.0 - 1.0 / ep) * 2;
        QCOMPARE(bytesAt(b, "end of backward", Component::Weights) -
                     bytesAt(a, "end of backward", Component::Weights),
                 away);
        QCOMPARE(bytesAt(b, "end of backward", Component::Gradients) -
                     bytesAt(a, "end of backward", Component::Gradients),
                 away);
        // The whole model's counts do not change.
        QCOMPARE(a.params_total, b.params_total);
        QCOMPARE(a.params_trainable, b.params_trainable);
    }

    // Dispatch and combine: send and receive buffers of k x tokens rows (dropless), or of every
    // expert's capacity ceil(k x tokens / E x capacity_factor).
    void allToAllBuffers_data() {
        QTest::addColumn<int>("ep");
        QTest::addColumn<double>("capacityFactor");
        QTest::addColumn<double>("rows");
        const double tokens = 1024 * 2; // seq_len x micro_batch
        QTest::addRow("no ep") << 1 << 0.0 << 0.0;
        QTest::addRow("dropless") << 4 << 0.0 << 2 * tokens;
        QTest::addRow("capacity 1.0") << 4 << 1.0 << 8 * std::ceil(2 * tokens / 8 * 1.0);
        QTest::addRow("capacity 1.25") << 4 << 1.25 << 8 * std::ceil(2 * tokens / 8 * 1.25);
        QTest::addRow("capacity 0.3 drops") << 8 << 0.3 << 8 * std::ceil(2 * tokens / 8 * 0.3);
    }
    void allToAllBuffers() {
        QFETCH(int, ep);
        QFETCH(double, capacityFactor);
        QFETCH(double, rows);
        json j = moePlan("mixtral-8x7b", 8, ep);
        j["training"]["micro_batch"] = 2;
        if (capacityFactor > 0)
            j["parallelism"]["capacity_factor"] = capacityFactor;
        const Plan p = parse(j);
        const Evaluation e = evaluate(p, lib_);
        QCOMPARE(
            bytesAt(e, "backward of the last layer", Component::Other, "expert all-to-all buffers"),
            2 * rows * 4096 * 2);
        // Inference prefill moves the same rows.
        j["training"]["method"] = "inference";
        const Evaluation inf = evaluate(parse(j), lib_);
        QCOMPARE(bytesAt(inf, "prefill", Component::Other, "expert all-to-all buffers"),
                 2 * rows * 4096 * 2);
    }

    void badExpertParallelism_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QString>("parallelism"); // JSON
        QTest::addColumn<QString>("key");
        QTest::addRow("does not divide experts") << "mixtral-8x7b"
                                                 << R"({"gpus": 6, "ep": 3})"
                                                 << "parallelism.ep";
        QTest::addRow("does not divide data parallel") << "mixtral-8x7b"
                                                       << R"({"gpus": 4, "ep": 8})"
                                                       << "parallelism.ep";
        QTest::addRow("data parallel after tp") << "mixtral-8x7b"
                                                << R"({"gpus": 8, "tp": 4, "ep": 4})"
                                                << "parallelism.ep";
        QTest::addRow("dense model") << "llama-2-7b"
                                     << R"({"gpus": 2, "ep": 2})"
                                     << "parallelism.ep";
        QTest::addRow("zero") << "mixtral-8x7b"
                              << R"({"ep": 0})"
                              << "parallelism.ep";
        QTest::addRow("not a number") << "mixtral-8x7b"
                                      << R"({"ep": "two"})"
                                      << "parallelism.ep";
        QTest::addRow("capacity on a dense model") << "llama-2-7b"
                                                   << R"({"capacity_factor": 1.0})"
                                                   << "parallelism.capacity_factor";
        QTest::addRow("negative capacity") << "mixtral-8x7b"
                                           << R"({"capacity_factor": -1})"
                                           << "parallelism.capacity_factor";
    }
    void badExpertParallelism() {
        QFETCH(QString, preset);
        QFETCH(QString, parallelism);
        QFETCH(QString, key);
        const json j = {{"model", {{"preset", preset.toStdString()}}},
                        {"parallelism", json::parse(parallelism.toStdString())}};
        const auto c = test::catchInputError([&] { parse(j); });
        QVERIFY(c.thrown);
        QCOMPARE(QString::fromStdString(c.key), key);
        QCOMPARE(QString::fromStdString(c.file), QStringLiteral("a.json"));
    }

    void expertParallelismRoundTrip() {
        json j = moePlan("qwen3-30b-a3b", 16, 8);
        j["parallelism"]["capacity_factor"] = 1.5;
        const Plan p = parse(j);
        const Plan back = parse(planToJson(p));
        QCOMPARE(back.parallelism.ep, int64_t{8});
        QCOMPARE(back.parallelism.capacity_factor, 1.5);
        // A plan without them writes neither key.
        const json plain = planToJson(parse(moePlan("qwen3-30b-a3b", 16, 1)));
        QVERIFY(!plain["parallelism"].contains("ep"));
        QVERIFY(!plain["parallelism"].contains("capacity_factor"));
    }

    // --- Multi-head latent attention -------------------------------------------------

    // What DeepseekV3Attention.forward saves that standard attention of the same heads (head_dim
    // = v_head_dim, one key/value head per query head) does not: queries and keys qk_nope +
    // qk_rope wide per head instead of v_head_dim; under flash attention the value and the
    // kernel's output padded to that width; the two compressed latents (q_lora_rank +
    // kv_lora_rank): each norm's fp32 input, the b projection's input, and the normalised
    // latent again when the norm weights train.
    void mlaSavedActivations_data() {
        QTest::addColumn<int>("qLoraRank");
        QTest::addColumn<QString>("attention");
        QTest::addColumn<bool>("normWeightsTrain");
        QTest::addColumn<bool>("qkvInput");
        QTest::addRow("V3 flash full") << 1536 << "flash" << true << true;
        QTest::addRow("V3 eager full") << 1536 << "eager" << true << true;
        QTest::addRow("V2-Lite flash (no q_lora)") << 0 << "flash" << true << true;
        QTest::addRow("V3 flash frozen (LoRA on o only)") << 1536 << "flash" << false << false;
        QTest::addRow("V2-Lite eager frozen") << 0 << "eager" << false << false;
    }
    void mlaSavedActivations() {
        QFETCH(int, qLoraRank);
        QFETCH(QString, attention);
        QFETCH(bool, normWeightsTrain);
        QFETCH(bool, qkvInput);
        ModelSpec mla;
        mla.layers = 4;
        mla.hidden = 1024;
        mla.ffn = 2048;
        mla.heads = 16;
        mla.kv_heads = 16;
        mla.head_dim = 128; // = v_head_dim, as import-hf sets it
        mla.kv_lora_rank = 512;
        mla.q_lora_rank = qLoraRank;
        mla.qk_rope_head_dim = 64;
        mla.qk_nope_head_dim = 128;
        mla.v_head_dim = 128;
        ModelSpec standard = mla;
        standard.kv_lora_rank = standard.q_lora_rank = 0;
        standard.qk_rope_head_dim = standard.qk_nope_head_dim = standard.v_head_dim = 0;

        detail::ActivationContext c;
        c.s = 512;
        c.b = 2;
        c.w = 2;
        c.attention = attention == "flash" ? Attention::Flash : Attention::Eager;
        c.normWeightsTrain = normWeightsTrain;
        c.needs.qkvInput = qkvInput;

        const double sb = c.s * c.b;
        const double qk = 16.0 * (128 + 64);
        const double vd = 16.0 * 128;
        const double latent = qLoraRank + 512.0;
        const bool flash = c.attention == Attention::Flash;
        const double expected = sb * (2 * (qk - vd) * c.w                       // Q and K
                                      + (flash ? 2 * (qk - vd) * c.w : 0.0)     // V, output
                                      + latent * 4                              // norms' input
                                      + (normWeightsTrain ? latent * c.w : 0.0) // weight * x
                                      + (qkvInput ? latent * c.w : 0.0));       // b_proj input
        QCOMPARE(detail::layerSavedBytes(mla, c) - detail::layerSavedBytes(standard, c), expected);
        // Full recomputation keeps the layer input alone, MLA or not.
        c.checkpointing = Checkpointing::Full;
        QCOMPARE(detail::layerKeptBytes(mla, c), detail::layerKeptBytes(standard, c));
    }

    // --- Sliding windows in generation -------------------------------------------------

    // transformers' growing cache keeps a sliding layer's last sliding_window - 1 tokens
    // (cache_utils.py DynamicSlidingWindowLayer); a preallocated cache (the pytorch profile's
    // static cache) keeps every position. Counted here layer by layer from the pattern.
    void slidingWindowGenerationCache_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QString>("framework");
        QTest::addColumn<int>("prompt");
        QTest::addRow("gemma-3-4b, growing cache") << "gemma-3-4b"
                                                   << "hf-trainer" << 4096;
        QTest::addRow("gemma-3-4b, under the window") << "gemma-3-4b"
                                                      << "hf-trainer" << 256;
        QTest::addRow("gemma-3-4b, static cache") << "gemma-3-4b"
                                                  << "pytorch" << 4096;
        QTest::addRow("gemma-3-27b, growing cache") << "gemma-3-27b"
                                                    << "hf-trainer" << 8192;
        QTest::addRow("llama-3.1-8b (no window)") << "llama-3.1-8b"
                                                  << "hf-trainer" << 4096;
    }
    void slidingWindowGenerationCache() {
        QFETCH(QString, preset);
        QFETCH(QString, framework);
        QFETCH(int, prompt);
        const int64_t newTokens = 512, batch = 2;
        const json j = {{"model", {{"preset", preset.toStdString()}}},
                        {"training",
                         {{"method", "inference"},
                          {"precision", "bf16-pure"},
                          {"framework", framework.toStdString()},
                          {"micro_batch", batch},
                          {"seq_len", prompt},
                          {"new_tokens", newTokens}}},
                        {"parallelism", {{"gpus", 1}}},
                        {"hardware", {{"gpu", "h200"}}}};
        const Plan p = parse(j);
        const ModelSpec& m = p.model;
        const bool growing = framework == QLatin1String("hf-trainer");
        // Tokens per sequence in the language model: images add theirs to the prompt.
        const double total = static_cast<double>(p.training.seq_len + newTokens) +
                             static_cast<double>(imageTokensPerSequence(m));
        double tokens = 0;
        for (int64_t i = 0; i < m.layers; ++i) {
            const bool sliding = m.sliding_window > 0 && (m.sliding_window_pattern == 0 ||
                                                          (i + 1) % m.sliding_window_pattern != 0);
            tokens += sliding && growing
                          ? std::min(total, static_cast<double>(m.sliding_window - 1))
                          : total;
        }
        const double perToken = 2.0 * static_cast<double>(m.kv_heads * m.head_dim) * 2;
        QCOMPARE(
            bytesAt(evaluate(p, lib_), "end of generation", Component::Activations, "KV cache"),
            batch * tokens * perToken);
    }
};

QTEST_APPLESS_MAIN(TestArchitectures)
#include "tst_architectures.moc"
