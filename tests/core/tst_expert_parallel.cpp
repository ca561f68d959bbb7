// Expert parallelism beyond each GPU's share of the experts: ZeRO/FSDP sharding over the
// expert-data-parallel group (routed experts over sharding_factor / ep GPUs, everything else
// over sharding_factor). Expected values are counted here from Mixtral 8x7B's tensors.
#include "bundled_presets.h"
#include "catch_input_error.h"
#include "evaluation_lookup.h"

#include "memplan/model.h"
#include "memplan/plan_json.h"
#include "memplan/presets.h"

#include <QtTest>

#include <filesystem>

#include <nlohmann/json.hpp>

using namespace memplan;
using namespace memplan::test;
using nlohmann::json;

namespace {

// Mixtral 8x7B (mistralai/Mixtral-8x7B-v0.1 config.json): 32 layers, hidden 4096, 8 experts of
// a 14336-wide SwiGLU MLP, 32 query and 8 key/value heads of 128, 32000 words, untied head.
constexpr double kL = 32, kH = 4096, kF = 14336, kE = 8, kQ = 32 * 128, kKv = 8 * 128, kV = 32000;
// Gate, up and down of every expert in every layer.
constexpr double kExpertParams = kL * kE * 3 * kH * kF;
// Embedding and head, and per layer q, k, v, o, two RMSNorms and the router; the final norm.
constexpr double kDenseParams =
    2 * kV * kH + kL * (kH * kQ + 2 * kH * kKv + kQ * kH + 2 * kH + kH * kE) + kH;
// LoRA of rank r on every linear: r x (in + out) per matrix.
double denseAdapters(double r) {
    return kL * r * ((kH + kQ) + 2 * (kH + kKv) + (kQ + kH));
}
double routedExpertAdapters(double r) {
    return kL * kE * r * 3 * (kH + kF);
}
} // namespace

class TestExpertParallel : public QObject {
    Q_OBJECT

    PresetLibrary lib_;

    Plan parse(const json& j) { return parsePlanJson(j, "a.json", lib_); }

    static json parallelism(const QString& sharding, int gpus, int factor, int ep) {
        json p = {{"gpus", gpus}, {"sharding", sharding.toStdString()}, {"ep", ep}};
        if (factor > 0)
            p["sharding_factor"] = factor;
        return p;
    }

private slots:
    void initTestCase() {
        const std::string error = test::loadBundledPresets(lib_);
        QVERIFY2(error.empty(), error.c_str());
    }

    void countsMatchThePreset() {
        // The counts above are the published total of the released checkpoint.
        QCOMPARE(kDenseParams + kExpertParams, 46702792704.0);
    }

    // Full training, bf16 weights and gradients, fp32 master weights and Adam moments (4 + 8
    // bytes): each class is divided by the dense divisor for the dense parameters and by the
    // expert divisor for the experts this GPU holds (experts / ep of them), from the stage on
    // that shards it (zero1: optimizer states, zero2: + gradients, zero3: + weights).
    void shardedStates_data() {
        QTest::addColumn<QString>("framework");
        QTest::addColumn<QString>("sharding");
        QTest::addColumn<int>("gpus");
        QTest::addColumn<int>("factor"); // sharding_factor, 0 = every data-parallel GPU
        QTest::addColumn<int>("ep");
        QTest::addColumn<double>("denseDivisor");
        QTest::addColumn<double>("expertDivisor");
        QTest::addRow("ddp ep 4") << "deepspeed"
                                  << "none" << 8 << 0 << 4 << 1.0 << 1.0;
        QTest::addRow("zero1 ep 1") << "deepspeed"
                                    << "zero1" << 8 << 0 << 1 << 8.0 << 8.0;
        QTest::addRow("zero1 ep 2") << "deepspeed"
                                    << "zero1" << 8 << 0 << 2 << 8.0 << 4.0;
        QTest::addRow("zero1 ep = dp") << "deepspeed"
                                       << "zero1" << 8 << 0 << 8 << 8.0 << 1.0;
        QTest::addRow("zero2 ep 1") << "deepspeed"
                                    << "zero2" << 8 << 0 << 1 << 8.0 << 8.0;
        QTest::addRow("zero2 ep 4") << "deepspeed"
                                    << "zero2" << 8 << 0 << 4 << 8.0 << 2.0;
        QTest::addRow("zero2 ep = dp") << "deepspeed"
                                       << "zero2" << 8 << 0 << 8 << 8.0 << 1.0;
        QTest::addRow("zero3 ep 1") << "pytorch"
                                    << "zero3" << 8 << 0 << 1 << 8.0 << 8.0;
        QTest::addRow("zero3 ep 2") << "pytorch"
                                    << "zero3" << 8 << 0 << 2 << 8.0 << 4.0;
        QTest::addRow("fsdp2 ep 4") << "fsdp2"
                                    << "zero3" << 8 << 0 << 4 << 8.0 << 2.0;
        QTest::addRow("fsdp2 ep = dp") << "fsdp2"
                                       << "zero3" << 8 << 0 << 8 << 8.0 << 1.0;
        QTest::addRow("fsdp2 hybrid 8 of 16, ep 4") << "fsdp2"
                                                    << "zero3" << 16 << 8 << 4 << 8.0 << 2.0;
        QTest::addRow("zero2 hybrid 4 of 16, ep 4") << "deepspeed"
                                                    << "zero2" << 16 << 4 << 4 << 4.0 << 1.0;
    }
    void shardedStates() {
        QFETCH(QString, framework);
        QFETCH(QString, sharding);
        QFETCH(int, gpus);
        QFETCH(int, factor);
        QFETCH(int, ep);
        QFETCH(double, denseDivisor);
        QFETCH(double, expertDivisor);
        const json j = {{"model", {{"preset", "mixtral-8x7b"}}},
                        {"training",
                         {{"framework", framework.toStdString()},
                          {"method", "full"},
                          {"precision", "bf16-mixed"},
                          {"optimizer", "adamw"},
                          {"seq_len", 512}}},
                        {"parallelism", parallelism(sharding, gpus, factor, ep)}};
        const Evaluation e = evaluate(parse(j), lib_);
        const double localExperts = kExpertParams / ep;
        auto share = [&](bool sharded) {
            return sharded ? kDenseParams / denseDivisor + localExperts / expertDivisor
                           : kDenseParams + localExperts;
        };
        const bool z1 = sharding != "none";
        const bool z2 = sharding == "zero2" || sharding == "zero3";
        const bool z3 = sharding == "zero3";
        const double states = share(z1);
        QCOMPARE(bytesAt(e, "optimizer step", Component::OptimizerStates, "master weights (fp32)"),
                 4 * states);
        QCOMPARE(bytesAt(e, "optimizer step", Component::OptimizerStates, "Adam moments (m, v)"),
                 8 * states);
        QCOMPARE(bytesAt(e, "optimizer step", Component::Gradients, "gradients"), 2 * share(z2));
        QCOMPARE(bytesAt(e, "optimizer step", Component::Weights), 2 * share(z3));
    }

    // LoRA on every linear, experts included: an adapter on a routed expert lives where its
    // expert does, so ZeRO-2 shards its gradient and fp32 states like the expert's.
    void expertAdapters_data() {
        QTest::addColumn<int>("ep");
        QTest::addColumn<bool>("onExperts");
        QTest::addRow("ep 1") << 1 << true;
        QTest::addRow("ep 2") << 2 << true;
        QTest::addRow("ep = dp") << 8 << true;
        QTest::addRow("ep 4, no expert adapters") << 4 << false;
    }
    void expertAdapters() {
        QFETCH(int, ep);
        QFETCH(bool, onExperts);
        const double r = 16;
        json lora = {{"rank", r}, {"targets", "all-linear"}};
        if (!onExperts)
            lora["experts"] = false;
        const json j = {{"model", {{"preset", "mixtral-8x7b"}}},
                        {"training",
                         {{"framework", "deepspeed"},
                          {"method", "lora"},
                          {"precision", "bf16-mixed"},
                          {"optimizer", "adamw"},
                          {"seq_len", 512},
                          {"lora", lora}}},
                        {"parallelism", parallelism("zero2", 8, 0, ep)}};
        const Evaluation e = evaluate(parse(j), lib_);
        const double experts = onExperts ? routedExpertAdapters(r) / ep : 0;
        const double share = denseAdapters(r) / 8 + experts / (8.0 / ep);
        // PEFT keeps adapters, their gradients and their Adam moments in fp32.
        QCOMPARE(bytesAt(e, "optimizer step", Component::Gradients, "gradients"), 4 * share);
        QCOMPARE(bytesAt(e, "optimizer step", Component::OptimizerStates, "Adam moments (m, v)"),
                 8 * share);
        // Unsharded weights (zero2): every adapter this GPU holds.
        QCOMPARE(bytesAt(e, "optimizer step", Component::Weights, "LoRA adapters (fp32)"),
                 4 * (denseAdapters(r) + experts));
    }

    // A shard group must hold whole expert-parallel groups.
    void hybridShardingNeedsWholeExpertGroups_data() {
        QTest::addColumn<QString>("parallelism"); // JSON
        QTest::addColumn<bool>("valid");
        QTest::addRow("ep 4 over shard groups of 2")
            << R"({"gpus": 16, "sharding": "zero3", "sharding_factor": 2, "ep": 4})" << false;
        QTest::addRow("ep 4 over shard groups of 6")
            << R"({"gpus": 12, "sharding": "zero1", "sharding_factor": 6, "ep": 4})" << false;
        QTest::addRow("ep 4 over shard groups of 8")
            << R"({"gpus": 16, "sharding": "zero3", "sharding_factor": 8, "ep": 4})" << true;
        QTest::addRow("ep = shard group")
            << R"({"gpus": 16, "sharding": "zero2", "sharding_factor": 4, "ep": 4})" << true;
    }
    void hybridShardingNeedsWholeExpertGroups() {
        QFETCH(QString, parallelism);
        QFETCH(bool, valid);
        const json j = {{"model", {{"preset", "mixtral-8x7b"}}},
                        {"parallelism", json::parse(parallelism.toStdString())}};
        const auto c = test::catchInputError([&] { parse(j); });
        QCOMPARE(c.thrown, !valid);
        if (!valid) {
            QCOMPARE(QString::fromStdString(c.key), QStringLiteral("parallelism.ep"));
            QVERIFY(QString::fromStdString(c.what).contains("sharding factor"));
        }
    }

    // --- Textbook accounting ------------------------------------------------------------

    // The seed articles' sum with ep > 1: the routed experts' weights, gradients and optimizer
    // states are divided by ep per GPU (and a sharded class over the expert-data-parallel group
    // of S / ep GPUs); everything else is counted as before. bf16-mixed: 2-byte weights and
    // gradients, fp32 master weights and two fp32 moments (K = 12, as the ZeRO paper counts).
    void textbookExpertParallel_data() {
        QTest::addColumn<QString>("sharding");
        QTest::addColumn<int>("ep");
        QTest::addRow("ddp, ep 1") << "none" << 1;
        QTest::addRow("ddp, ep 2") << "none" << 2;
        QTest::addRow("ddp, ep 8") << "none" << 8;
        QTest::addRow("zero1, ep 4") << "zero1" << 4;
        QTest::addRow("zero2, ep 2") << "zero2" << 2;
        QTest::addRow("zero3, ep 4") << "zero3" << 4;
        QTest::addRow("zero3, ep 8") << "zero3" << 8;
    }
    void textbookExpertParallel() {
        QFETCH(QString, sharding);
        QFETCH(int, ep);
        const json j = {{"model", {{"preset", "mixtral-8x7b"}}},
                        {"training",
                         {{"method", "full"},
                          {"precision", "bf16-mixed"},
                          {"optimizer", "adamw"},
                          {"accounting", "textbook"},
                          {"seq_len", 512}}},
                        {"parallelism", parallelism(sharding, 8, 0, ep)}};
        const Evaluation e = evaluate(parse(j), lib_);
        QVERIFY(e.ok);
        // One GPU of 8: the dense parameters over the shard group, the experts it holds over
        // the GPUs of that group holding the same experts.
        auto perGpu = [&](bool sharded) {
            const double S = sharded ? 8.0 : 1.0;
            const double expertGroup = sharded ? 8.0 / ep : 1.0;
            return kDenseParams / S + kExpertParams / ep / expertGroup;
        };
        const bool z1 = sharding != "none";
        const bool z2 = sharding == "zero2" || sharding == "zero3";
        const bool z3 = sharding == "zero3";
        const char* sum = "textbook sum";
        QCOMPARE(bytesAt(e, sum, Component::Weights, "parameters x bytes per parameter"),
                 2 * perGpu(z3));
        QCOMPARE(bytesAt(e, sum, Component::Gradients, "one gradient per parameter"),
                 2 * perGpu(z2));
        QCOMPARE(bytesAt(e, sum, Component::OptimizerStates, "master weights (fp32)"),
                 4 * perGpu(z1));
        QCOMPARE(bytesAt(e, sum, Component::OptimizerStates, "optimizer moments (fp32)"),
                 8 * perGpu(z1));
    }

    // QLoRA under textbook accounting: the 4-bit base's routed experts and their adapters are
    // divided by ep; the dense base and the dense adapters are not.
    void textbookExpertParallelLora() {
        const double r = 16;
        const int ep = 4;
        const json j = {{"model", {{"preset", "mixtral-8x7b"}}},
                        {"training",
                         {{"method", "qlora"},
                          {"precision", "bf16-mixed"},
                          {"optimizer", "adamw"},
                          {"accounting", "textbook"},
                          {"seq_len", 512},
                          {"lora", {{"rank", r}, {"targets", "all-linear"}}}}},
                        {"parallelism", parallelism("none", 8, 0, ep)}};
        const Evaluation e = evaluate(parse(j), lib_);
        QVERIFY(e.ok);
        const char* sum = "textbook sum";
        QCOMPARE(bytesAt(e, sum, Component::Weights, "base parameters x 0.5 byte (4-bit)"),
                 0.5 * (kDenseParams + kExpertParams / ep));
        const double adapters = denseAdapters(r) + routedExpertAdapters(r) / ep;
        QCOMPARE(bytesAt(e, sum, Component::Weights, "adapter parameters x bytes per parameter"),
                 2 * adapters);
        QCOMPARE(bytesAt(e, sum, Component::Gradients, "one gradient per parameter"), 2 * adapters);
        QCOMPARE(bytesAt(e, sum, Component::OptimizerStates, "optimizer moments (fp32)"),
                 8 * adapters);
    }

    // --- Expert biases (gpt-oss) ---------------------------------------------------------

    // gpt-oss has a bias on every expert's gate/up and down projection
    // (transformers GptOssExperts: gate_up_proj_bias [E, 2 x ffn], down_proj_bias [E, hidden]).
    // Under ep a GPU holds its own experts' biases only, like their matrices.
    void expertBiasesFollowTheirExperts_data() {
        QTest::addColumn<QString>("accounting");
        QTest::addColumn<int>("ep");
        QTest::addRow("realistic, ep 2") << "realistic" << 2;
        QTest::addRow("realistic, ep 4") << "realistic" << 4;
        QTest::addRow("textbook, ep 4") << "textbook" << 4;
    }
    void expertBiasesFollowTheirExperts() {
        QFETCH(QString, accounting);
        QFETCH(int, ep);
        // gpt-oss-20b (openai/gpt-oss-20b config.json): 24 layers, hidden 2880, 32 experts
        // of a 2880-wide gated MLP.
        constexpr double L = 24, h = 2880, f = 2880, E = 32;
        const double matrices = L * E * 3 * h * f;
        const double biases = L * E * (2 * f + h);
        auto plan = [&](int epDegree) {
            return json{{"model", {{"preset", "gpt-oss-20b"}}},
                        {"training",
                         {{"method", "full"},
                          {"precision", "bf16-pure"},
                          {"optimizer", "adamw"},
                          {"accounting", accounting.toStdString()},
                          {"seq_len", 128}}},
                        {"parallelism", parallelism("none", 4, 0, epDegree)}};
        };
        const Evaluation one = evaluate(parse(plan(1)), lib_);
        const Evaluation split = evaluate(parse(plan(ep)), lib_);
        QVERIFY(one.ok && split.ok);
        // bf16-pure: 2-byte weights and gradients; the GPU no longer holds (ep - 1) / ep of the
        // experts, biases included.
        const double gone = (matrices + biases) * (1.0 - 1.0 / ep) * 2;
        const auto weights = static_cast<std::size_t>(Component::Weights);
        const auto grads = static_cast<std::size_t>(Component::Gradients);
        if (accounting == "textbook") {
            QCOMPARE(one.per_gpu[weights].bytes - split.per_gpu[weights].bytes, gone);
            QCOMPARE(one.per_gpu[grads].bytes - split.per_gpu[grads].bytes, gone);
        } else {
            const char* step = "optimizer step";
            QCOMPARE(bytesAt(one, step, Component::Weights) -
                         bytesAt(split, step, Component::Weights),
                     gone);
            QCOMPARE(bytesAt(one, step, Component::Gradients, "gradients") -
                         bytesAt(split, step, Component::Gradients, "gradients"),
                     gone);
        }
    }

    // A vLLM engine's routed expert weights include their biases.
    void servingExpertBiases() {
        const json j = {{"model", {{"preset", "gpt-oss-20b"}}},
                        {"training", {{"method", "serving"}, {"precision", "bf16-pure"}}},
                        {"serving", {{"max_model_len", 4096}, {"max_num_seqs", 16}}},
                        {"parallelism", {{"gpus", 4}, {"tp", 1}, {"ep", 4}}},
                        {"hardware", {{"gpu", "h100-sxm-80gb"}}}};
        const Evaluation e = evaluate(parse(j), lib_);
        QVERIFY(e.ok);
        constexpr double L = 24, h = 2880, f = 2880, E = 32;
        // 32 experts over 4 GPUs: 8 whole experts each, in bf16.
        QCOMPARE(e.serving.expert_weights, (L * E * 3 * h * f + L * E * (2 * f + h)) / 4 * 2);
    }

    // --- Serving (vLLM) --------------------------------------------------------------

    static json servingPlan(int gpus, int tp, int ep) {
        return {{"model", {{"preset", "mixtral-8x7b"}}},
                {"training", {{"method", "serving"}, {"precision", "bf16-pure"}}},
                {"serving",
                 {{"max_model_len", 4096}, {"max_num_seqs", 16}, {"max_num_batched_tokens", 4096}}},
                {"parallelism", {{"gpus", gpus}, {"tp", tp}, {"ep", ep}}},
                {"hardware", {{"gpu", "h100-sxm-80gb"}}}};
    }

    // vLLM splits the fused-MoE layers over all tp x dp GPUs: without expert parallelism each
    // expert's intermediate dimension, with it whole experts (ceil(E / ep) on the fullest GPU).
    // Everything else is split by tp and replicated over the data-parallel engines; the KV cache
    // per GPU depends on tp alone. Dispatch and combine (all-gather of every data-parallel
    // rank's tokens, reduce-scatter of the experts' output) only with ep and dp > 1.
    void servingExpertParallel_data() {
        QTest::addColumn<int>("gpus");
        QTest::addColumn<int>("tp");
        QTest::addColumn<int>("ep");
        QTest::addColumn<double>("expertShare"); // of the routed expert matrices
        QTest::addRow("one GPU") << 1 << 1 << 1 << 1.0;
        QTest::addRow("tp 8") << 8 << 8 << 1 << 1.0 / 8;
        QTest::addRow("tp 8, ep 8 (no data parallel)") << 8 << 8 << 8 << 1.0 / 8;
        QTest::addRow("tp 2 x dp 4, no ep") << 8 << 2 << 1 << 1.0 / 8;
        QTest::addRow("tp 2 x dp 4, ep 8") << 8 << 2 << 8 << 1.0 / 8;
        QTest::addRow("dp 4, ep 4") << 4 << 1 << 4 << 2.0 / 8;
        QTest::addRow("dp 3, ep 3: 3 + 3 + 2 experts") << 3 << 1 << 3 << 3.0 / 8;
        QTest::addRow("tp 2 x dp 3, ep 6: 2 + 2 + 1 + 1 + 1 + 1") << 6 << 2 << 6 << 2.0 / 8;
    }
    void servingExpertParallel() {
        QFETCH(int, gpus);
        QFETCH(int, tp);
        QFETCH(int, ep);
        QFETCH(double, expertShare);
        const Evaluation e = evaluate(parse(servingPlan(gpus, tp, ep)), lib_);
        const Evaluation oneEngine = evaluate(parse(servingPlan(tp, tp, 1)), lib_);
        QVERIFY(e.ok);
        const ServingFigures& f = e.serving;
        QCOMPARE(bytesAt(e, "engine ready", Component::Weights, "routed expert weights"),
                 2 * kExpertParams * expertShare);
        QCOMPARE(f.expert_weights, 2 * kExpertParams * expertShare);
        // The rest is the one tp engine's.
        const ServingFigures& r = oneEngine.serving;
        QCOMPARE(f.weights - f.expert_weights, r.weights - r.expert_weights);
        // K and V of 8 / tp key/value heads of 128 per layer, 2 bytes each.
        QCOMPARE(f.kv_bytes_per_token, kL * 2 * (8.0 / tp) * 128 * 2);
        const int dp = gpus / tp;
        const double tokens = dp > 1 && ep > 1 ? dp * 4096.0 : 0;
        const double allToAll = tokens * (2 * kH * 2 + 2 * (4 + 4)); // hidden twice; top-2 ids
        QCOMPARE(f.all_to_all, allToAll);
        QCOMPARE(bytesAt(e, "profile run", Component::Activations, "expert all-to-all buffers"),
                 allToAll);
        if (gpus == tp)
            QCOMPARE(f.activation_peak, r.activation_peak);
        else
            QCOMPARE(f.activation_peak - f.all_to_all, r.activation_peak);
    }

    void badServingExpertParallel_data() {
        QTest::addColumn<int>("gpus");
        QTest::addColumn<int>("tp");
        QTest::addColumn<int>("ep");
        QTest::addRow("ep below the GPUs") << 8 << 2 << 4;
        QTest::addRow("ep above the GPUs") << 4 << 4 << 8;
    }
    void badServingExpertParallel() {
        QFETCH(int, gpus);
        QFETCH(int, tp);
        QFETCH(int, ep);
        const auto c = test::catchInputError([&] { parse(servingPlan(gpus, tp, ep)); });
        QVERIFY(c.thrown);
        QCOMPARE(QString::fromStdString(c.key), QStringLiteral("parallelism.ep"));
        QVERIFY(QString::fromStdString(c.what).contains(QString::number(gpus)));
    }

    // vLLM's expert-parallel group is tp x dp within one pipeline stage: with pp stages the
    // valid ep is gpus / pp, and the message names it. (A serving plan with pp > 1 is refused
    // on its own, naming parallelism.pp.)
    void servingExpertParallelWithStages_data() {
        QTest::addColumn<int>("ep");
        QTest::addColumn<QString>("key");
        QTest::addRow("ep = gpus: not one stage's GPUs") << 8 << "parallelism.ep";
        QTest::addRow("ep = gpus / pp: pp refused") << 4 << "parallelism.pp";
    }
    void servingExpertParallelWithStages() {
        QFETCH(int, ep);
        QFETCH(QString, key);
        json j = servingPlan(8, 2, ep);
        j["parallelism"]["pp"] = 2;
        const auto c = test::catchInputError([&] { parse(j); });
        QVERIFY(c.thrown);
        QCOMPARE(QString::fromStdString(c.key), key);
        if (key == "parallelism.ep")
            QVERIFY2(QString::fromStdString(c.what).contains("set ep to 1 or 4"), c.what.c_str());
    }
};

QTEST_APPLESS_MAIN(TestExpertParallel)
#include "tst_expert_parallel.moc"
