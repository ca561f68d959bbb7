// Hybrid models with Gated DeltaNet linear-attention layers (Qwen3-Next, Qwen3.5): their
// parameters against a published module count, the layers of each kind, what a linear layer
// keeps for its backward (against a count made here from fla's saved tensors), the fixed
// recurrent state that replaces their KV cache, adapters, and the model keys' checks.
#include "bundled_presets.h"
#include "catch_input_error.h"
#include "evaluation_lookup.h"

#include "memplan/activations.h"
#include "memplan/hf_import.h"
#include "memplan/linear_attention.h"
#include "memplan/model.h"
#include "memplan/param_count.h"
#include "memplan/plan_json.h"
#include "memplan/presets.h"
#include "memplan/segments.h"

#include <QtTest>

#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

using namespace memplan;
using namespace memplan::test;
using nlohmann::json;

namespace {
const std::filesystem::path kHfDir = std::filesystem::path(MEMPLAN_TEST_DATA) / "hf";

// Qwen3-Next-80B-A3B's shape (its config.json) with `layers` layers and `vocab` words.
ModelSpec qwen3Next(int64_t layers, int64_t vocab) {
    ModelSpec m;
    m.layers = layers;
    m.hidden = 2048;
    m.ffn = 512;
    m.heads = 16;
    m.kv_heads = 2;
    m.head_dim = 256;
    m.vocab = vocab;
    m.experts = 512;
    m.experts_per_token = 10;
    m.shared_ffn = 512;
    m.shared_expert_gate = true;
    m.attention_output_gate = true;
    m.linear_attention = {4, 16, 32, 128, 128, 4};
    return m;
}

// What one Gated DeltaNet mixer keeps per token, listed from fla's
// ChunkGatedDeltaRuleFunction.save_for_backward and the layer around it, for key/value heads
// of `dk`/`dv` wide, `Hk` key heads and `Hv` value heads, in `w`-byte activations.
double mixerSavedPerToken(double hidden, double Hk, double Hv, double dk, double dv, double w) {
    const double conv = (2 * Hk * dk + Hv * dv) * w; // causal conv input: q, k, v
    const double qk = 2 * Hv * dk * w + 2 * Hv * 4;  // normalised q, k (value heads) + rstd
    const double v = Hv * dv * w;
    const double gates = Hv * (4 + 4 + 4) + Hv * w + Hv * 64 * w; // g, softplus x2, beta, A
    const double norm = 2 * Hv * dv * w + Hv * 4;                 // input, gate z, rstd
    const double inProj = hidden * w, outProj = Hv * dv * w;
    return conv + qk + v + gates + norm + inProj + outProj;
}
} // namespace

class TestLinearAttention : public QObject {
    Q_OBJECT

    PresetLibrary lib_;

    Plan parse(const json& j) { return parsePlanJson(j, "a.json", lib_); }

private slots:
    void initTestCase() {
        const std::string error = test::loadBundledPresets(lib_);
        QVERIFY2(error.empty(), error.c_str());
    }

    // --- Parameters ---------------------------------------------------------------------

    // A published torchinfo summary of a one-layer Qwen3NextForCausalLM (vocabulary 1,519)
    // lists the embedding 3,110,912, the (linear-attention) decoder layer 1,648,531,648, the
    // final norm 2,048 and the head 3,110,912: 1,654,755,520 in all. One layer of four is
    // linear, so a one-layer model has no full-attention layer.
    void oneLayerMatchesModuleCount() {
        const ModelSpec m = qwen3Next(1, 1519);
        QCOMPARE(fullAttentionLayerCount(m), 0.0);
        const ParamCounts c = countParameters(m);
        QCOMPARE(c.embedding, 3110912.0);
        QCOMPARE(c.lm_head, 3110912.0);
        QCOMPARE(c.layers_total, 1648531648.0);
        QCOMPARE(c.total, 1654755520.0);
    }

    // The whole model: 36 linear layers as counted above, 12 full-attention layers (q_proj
    // twice as wide for the gate; q_norm/k_norm are not shape keys) with the same MoE block.
    void wholeModel() {
        const ModelSpec m = qwen3Next(48, 151936);
        QCOMPARE(fullAttentionLayerCount(m), 12.0);
        QCOMPARE(linearAttentionLayerCount(m), 36.0);
        const double h = 2048;
        const double moe = 512 * 3 * h * 512 + 3 * h * 512 + h + 512 * h + 2 * h;
        const double linearLayer = 1648531648.0;
        const double attention = h * 16 * 256 * 2 + 2 * h * 2 * 256 + 16 * 256 * h;
        const double expected = 36 * linearLayer + 12 * (attention + moe) + 2 * 151936 * h + h;
        QCOMPARE(countParameters(m).total, expected);
        // The bundled preset is this shape, within 0.5% of the model card's 80B.
        const ModelPreset* p = lib_.findModel("qwen3-next-80b-a3b");
        QVERIFY(p);
        QCOMPARE(countParameters(p->model).total, expected);
    }

    void layerKinds_data() {
        QTest::addColumn<int>("layers");
        QTest::addColumn<int>("interval");
        QTest::addColumn<double>("full");
        QTest::addRow("Qwen3-Next") << 48 << 4 << 12.0;
        QTest::addRow("Qwen3.5-35B (40 layers)") << 40 << 4 << 10.0;
        QTest::addRow("partial period") << 10 << 4 << 2.0;
        QTest::addRow("every layer full") << 8 << 1 << 8.0;
    }
    void layerKinds() {
        QFETCH(int, layers);
        QFETCH(int, interval);
        QFETCH(double, full);
        ModelSpec m = qwen3Next(layers, 1000);
        m.linear_attention.full_attention_interval = interval;
        QCOMPARE(fullAttentionLayerCount(m), full);
        QCOMPARE(linearAttentionLayerCount(m) + full, static_cast<double>(layers));
    }

    // --- Saved activations --------------------------------------------------------------

    // Two all-linear models that differ in their mixer's heads differ by exactly the mixer's
    // saved tensors, counted here from fla's save list.
    void mixerSavedTensors_data() {
        QTest::addColumn<int>("valueHeads");
        QTest::addColumn<int>("keyDim");
        QTest::addRow("Qwen3-Next 32 value heads") << 32 << 128;
        QTest::addRow("64 value heads") << 64 << 128;
        QTest::addRow("wider keys") << 32 << 192;
    }
    void mixerSavedTensors() {
        QFETCH(int, valueHeads);
        QFETCH(int, keyDim);
        ModelSpec a = qwen3Next(3, 1000); // 3 layers, interval 4: all linear
        a.linear_attention.key_head_dim = keyDim;
        a.linear_attention.value_heads = valueHeads;
        ModelSpec b = a;
        b.linear_attention.value_heads = 16;
        b.linear_attention.key_head_dim = 128;
        detail::ActivationContext c;
        c.s = 4096;
        c.b = 2;
        c.w = 2;
        const double sb = c.s * c.b;
        const double expected = sb * (mixerSavedPerToken(2048, 16, valueHeads, keyDim, 128, 2) -
                                      mixerSavedPerToken(2048, 16, 16, 128, 128, 2));
        QCOMPARE(detail::layerSavedBytes(a, c) - detail::layerSavedBytes(b, c), expected);
    }

    // A hybrid model's figure per layer is the layers' average: a quarter full attention and
    // three quarters linear, each as a model of that one kind keeps it.
    void hybridAveragesLayerKinds() {
        const ModelSpec hybrid = qwen3Next(8, 1000);
        ModelSpec full = hybrid;
        full.linear_attention = {};
        ModelSpec linear = hybrid;
        linear.linear_attention.full_attention_interval = 9; // beyond 8 layers: none full
        detail::ActivationContext c;
        c.s = 2048;
        c.b = 1;
        c.attention = Attention::Eager;
        const double expected =
            0.25 * detail::layerSavedBytes(full, c) + 0.75 * detail::layerSavedBytes(linear, c);
        QCOMPARE(detail::layerSavedBytes(hybrid, c), expected);
        // Only the full-attention layers have scores: linear attention keeps no s x s tensor.
        QCOMPARE(detail::layerScoreBytes(linear, c), 0.0);
        QCOMPARE(detail::layerScoreBytes(hybrid, c), 0.25 * detail::layerScoreBytes(full, c));
        // ... so a linear layer's saved bytes grow linearly with the sequence.
        detail::ActivationContext twice = c;
        twice.s = 2 * c.s;
        QCOMPARE(detail::layerSavedBytes(linear, twice), 2 * detail::layerSavedBytes(linear, c));
    }

    // LoRA on q/v (or any list of attention names) leaves the Gated DeltaNet projections
    // frozen: they keep no inputs. With all seven targets (PEFT's "all-linear") they are
    // adapted, keep their inputs, and carry three adapters.
    void loraOnLinearLayers() {
        auto plan = [&](json targets) {
            return parse({{"model", {{"preset", "qwen3-next-80b-a3b"}}},
                          {"training",
                           {{"method", "lora"},
                            {"precision", "bf16-mixed"},
                            {"seq_len", 1024},
                            {"lora", {{"rank", 16}, {"targets", targets}}}}},
                          {"hardware", {{"gpu", "h200"}}}});
        };
        const Evaluation qv = evaluate(plan(json::array({"q", "v"})), lib_);
        const Evaluation all = evaluate(plan("all-linear"), lib_);
        QVERIFY(qv.ok && all.ok);
        const double h = 2048, r = 16, lin = 36, full = 12;
        // q (gated: 2 x 4096 wide) and v on the 12 full-attention layers only.
        QCOMPARE(qv.params_trainable, full * r * ((h + 2 * 4096) + (h + 512)));
        // All seven: attention adapters on full layers, mixer adapters on linear layers, and
        // gate/up/down on the 512 routed experts and the shared expert of every layer.
        const double attention = r * ((h + 8192) + 2 * (h + 512) + (4096 + h));
        const double mixer = r * ((h + 12288) + (h + 64) + (4096 + h));
        const double mlp = 513 * r * 3 * (h + 512);
        QCOMPARE(all.params_trainable, full * attention + lin * mixer + 48 * mlp);
    }

    // --- Generation: the KV cache of 12 layers, the fixed state of 36 ----------------------

    void generationState_data() {
        QTest::addColumn<int>("batch");
        QTest::addColumn<int>("prompt");
        QTest::addRow("one long prompt") << 1 << 32768;
        QTest::addRow("batch of 8") << 8 << 4096;
    }
    void generationState() {
        QFETCH(int, batch);
        QFETCH(int, prompt);
        const Plan p = parse({{"model", {{"preset", "qwen3-next-80b-a3b"}}},
                              {"training",
                               {{"method", "inference"},
                                {"precision", "bf16-pure"},
                                {"framework", "hf-trainer"},
                                {"seq_len", prompt},
                                {"micro_batch", batch},
                                {"new_tokens", 512}}},
                              {"hardware", {{"gpu", "h200"}}}});
        const Evaluation e = evaluate(p, lib_);
        QVERIFY(e.ok);
        // Qwen3NextDynamicCache per linear layer and sequence: the conv's last 4 inputs of q,
        // k and v (8,192 wide, bf16) and the fp32 state of 32 heads x 128 x 128.
        const double state = 36.0 * batch * (8192 * 4 * 2 + 32 * 128 * 128 * 4);
        QCOMPARE(bytesAt(e, "prefill", Component::Activations, "linear-attention state"), state);
        QCOMPARE(bytesAt(e, "end of generation", Component::Activations, "linear-attention state"),
                 state);
        // The window draws it with the KV cache: the cache these layers keep.
        QCOMPARE(segmentOf(Component::Activations, "linear-attention state"), Segment::KvCache);
        // K and V (2 heads x 256, bf16) of the 12 full-attention layers, per token.
        const double kv = 12.0 * 2 * 2 * 256 * 2;
        QCOMPARE(bytesAt(e, "end of generation", Component::Activations, "KV cache"),
                 kv * batch * (prompt + 512));
        // The growing cache's one-layer copy is one full-attention layer's.
        QCOMPARE(bytesAt(e, "end of generation", Component::Activations,
                         "one layer's copy of the growing KV cache"),
                 kv / 12 * batch * (prompt + 512));
    }

    // --- Serving: vLLM's hybrid KV cache -------------------------------------------------

    // Each linear layer's state is one page (conv: 3 columns of conv_dim / tp in bf16; the
    // temporal state: value_heads / tp x 128 x 128 in bf16, or fp32 when the config asks);
    // the attention block grows to the multiple of 16 tokens whose page (2 x kv_heads / tp x
    // 256 x 2 bytes per token and layer) holds it. The 12 attention layers form one group and
    // the 36 linear layers three more, one page per sequence each.
    void servingBlocks_data() {
        QTest::addColumn<int>("tp");
        QTest::addColumn<bool>("ssmFp32");
        QTest::addColumn<double>("blockSize");
        QTest::addRow("tp 1") << 1 << false << 544.0;       // 1,097,728 B state / 2,048 B per token
        QTest::addRow("tp 2") << 2 << false << 544.0;       // both halve
        QTest::addRow("fp32 state") << 1 << true << 1056.0; // 2,146,304 B / 2,048 B
    }
    void servingBlocks() {
        QFETCH(int, tp);
        QFETCH(bool, ssmFp32);
        QFETCH(double, blockSize);
        json j = {{"model", {{"preset", "qwen3-next-80b-a3b"}}},
                  {"training",
                   {{"method", "serving"},
                    {"precision", "bf16-pure"},
                    {"serving", {{"max_model_len", 32768}}}}},
                  {"hardware", {{"gpu", "h200"}}},
                  {"parallelism", {{"gpus", tp}, {"tp", tp}}}};
        Plan p = parse(j);
        p.model.linear_attention.ssm_state_fp32 = ssmFp32;
        const Evaluation e = evaluate(p, lib_);
        QVERIFY(e.ok);
        const ServingFigures& f = e.serving;
        QCOMPARE(static_cast<double>(f.block_size), blockSize);
        QCOMPARE(f.num_groups, 4.0);
        QCOMPARE(f.blocks_per_sequence, std::ceil(32768 / blockSize) + 3);
        // Tokens cost only the 12 attention layers.
        QCOMPARE(f.kv_bytes_per_token, 12.0 * 2 * (2.0 / tp) * 256 * 2);
        // One pool of pages, 12 layers to a group.
        QCOMPARE(f.bytes_per_block, 12 * blockSize * 2 * (2.0 / tp) * 256 * 2);
    }

    // --- Plan keys and import -----------------------------------------------------------

    void roundTrip() {
        const Plan p = parse({{"model", {{"preset", "qwen3-next-80b-a3b"}}}});
        const json j = planToJson(p);
        QCOMPARE(j["model"]["linear_attention"]["full_attention_interval"], json(4));
        QCOMPARE(j["model"]["attention_output_gate"], json(true));
        QCOMPARE(j["model"]["shared_expert_gate"], json(true));
        const Plan back = parse(j);
        QCOMPARE(countParameters(back.model).total, countParameters(p.model).total);
        // Models without them write none of the keys.
        const json plain = planToJson(parse({{"model", {{"preset", "qwen3-30b-a3b"}}}}));
        QVERIFY(!plain["model"].contains("linear_attention"));
        QVERIFY(!plain["model"].contains("attention_output_gate"));
        QVERIFY(!plain["model"].contains("shared_expert_gate"));
    }

    void badKeys_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("key");
        const QString base = R"("layers": 8, "hidden": 1024, "heads": 8, "kv_heads": 2,
                                "head_dim": 128, "ffn": 2048, )";
        QTest::addRow("value heads not a multiple")
            << base + R"("linear_attention": {"full_attention_interval": 4, "key_heads": 16,
                         "value_heads": 24, "key_head_dim": 128, "value_head_dim": 128})"
            << "model.linear_attention.value_heads";
        QTest::addRow("missing head width")
            << base + R"("linear_attention": {"full_attention_interval": 4, "key_heads": 16,
                         "value_heads": 32, "value_head_dim": 128})"
            << "model.linear_attention.key_head_dim";
        QTest::addRow("interval beyond the layers")
            << base + R"("linear_attention": {"full_attention_interval": 9, "key_heads": 16,
                         "value_heads": 32, "key_head_dim": 128, "value_head_dim": 128})"
            << "model.linear_attention.full_attention_interval";
        QTest::addRow("unknown key")
            << base + R"("linear_attention": {"full_attention_interval": 4, "heads": 16})"
            << "model.linear_attention.heads";
        QTest::addRow("negative") << base + R"("linear_attention": {"full_attention_interval": -1})"
                                  << "model.linear_attention.full_attention_interval";
        QTest::addRow("not a flag") << base + R"("attention_output_gate": "yes")"
                                    << "model.attention_output_gate";
        QTest::addRow("sliding window on a hybrid")
            << base + R"("sliding_window": 4096, "linear_attention": {"full_attention_interval": 4,
                         "key_heads": 16, "value_heads": 32, "key_head_dim": 128,
                         "value_head_dim": 128})"
            << "model.sliding_window";
        QTest::addRow("gate without shared expert") << base + R"("shared_expert_gate": true)"
                                                    << "model.shared_expert_gate";
    }
    void badKeys() {
        QFETCH(QString, model);
        QFETCH(QString, key);
        const json j = json::parse("{\"model\": {" + model.toStdString() + "}}");
        const auto c = test::catchInputError([&] { parse(j); });
        QVERIFY(c.thrown);
        QCOMPARE(QString::fromStdString(c.key), key);
        QCOMPARE(QString::fromStdString(c.file), QStringLiteral("a.json"));
    }

    // import-hf reads the recorded config.json of Qwen3-Next-80B-A3B-Instruct as the preset.
    void importsRecordedConfig() {
        const ModelSpec m = importHfConfigFile(kHfDir / "qwen3-next-80b-a3b" / "config.json");
        const ModelSpec& preset = lib_.findModel("qwen3-next-80b-a3b")->model;
        QCOMPARE(countParameters(m).total, countParameters(preset).total);
        QCOMPARE(m.linear_attention.value_heads, int64_t{32});
        QVERIFY(m.attention_output_gate);
        QVERIFY(m.shared_expert_gate);
    }

    // Qwen3.5 style: layer_types instead of full_attention_interval, attn_output_gate named.
    void importsLayerTypes() {
        json cfg = {{"model_type", "qwen3_5_text"}, {"hidden_size", 1024},
                    {"num_hidden_layers", 8},       {"num_attention_heads", 8},
                    {"num_key_value_heads", 2},     {"head_dim", 256},
                    {"intermediate_size", 3072},    {"vocab_size", 1000},
                    {"attn_output_gate", true},     {"linear_num_key_heads", 16},
                    {"linear_num_value_heads", 16}, {"linear_key_head_dim", 128},
                    {"linear_value_head_dim", 128}, {"linear_conv_kernel_dim", 4},
                    {"mamba_ssm_dtype", "float32"}};
        json types = json::array();
        for (int i = 0; i < 8; ++i)
            types.push_back(i % 4 == 3 ? "full_attention" : "linear_attention");
        cfg["layer_types"] = types;
        const ModelSpec m = importHfConfig(cfg.dump(), "c.json");
        QCOMPARE(m.linear_attention.full_attention_interval, int64_t{4});
        QVERIFY(m.linear_attention.ssm_state_fp32);
        QVERIFY(m.attention_output_gate);
        // A missing width is named, not read (the fuzzer found the unchecked read).
        json partial = cfg;
        partial.erase("linear_num_key_heads");
        const auto missing =
            test::catchInputError([&] { importHfConfig(partial.dump(), "c.json"); });
        QVERIFY(missing.thrown);
        QCOMPARE(QString::fromStdString(missing.key), QStringLiteral("linear_num_key_heads"));
        // An irregular hybrid is refused, naming the field.
        cfg["layer_types"][0] = "full_attention";
        const auto c = test::catchInputError([&] { importHfConfig(cfg.dump(), "c.json"); });
        QVERIFY(c.thrown);
        QCOMPARE(QString::fromStdString(c.key), QStringLiteral("layer_types"));
    }
};

QTEST_APPLESS_MAIN(TestLinearAttention)
#include "tst_linear_attention.moc"
