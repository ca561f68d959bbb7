// vLLM's all-to-all backends for an expert-parallel deployment with several data-parallel
// ranks (serving.all2all_backend): the dispatch transient of one MoE layer, DeepEP's buffers as
// vLLM sizes them, and what they take from the KV cache. Expected figures are counted here
// from Mixtral 8x7B's shape and from DeepEP's buffer layout (deepseek-ai/DeepEP v1.2.1).
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

// Mixtral 8x7B: 32 layers, hidden 4096, 8 experts, 2 per token; bf16 activations.
constexpr double kL = 32, kH = 4096, kE = 8, kK = 2, kW = 2;
constexpr double kTokens = 4096; // the plans' max_num_batched_tokens
constexpr double kMiB = 1024.0 * 1024.0;

// Every DeepEP Buffer vLLM makes: VLLM_DEEPEP_BUFFER_SIZE_MB (1024) MiB of NVLink buffer with
// 8 int barrier signals and two tables of 8 peer pointers behind it (csrc/deep_ep.cpp:22-24,
// :49), and a 32 MiB workspace (NUM_WORKSPACE_BYTES, :62).
constexpr double kNvl = 1024 * kMiB + 8 * 4 + 8 * 8 + 8 * 8;
constexpr double kWorkspace = 32 * kMiB;

// DeepEP's low-latency RDMA size for vLLM's 256-token chunk and Mixtral (csrc/config.hpp
// LowLatencyLayout): a dispatch message is a 16-byte header and the bf16 token
// (16 + 2 x 4096 = 8208 bytes, more than 4096 fp8 bytes + 32 scales); a combine message the bf16
// token and 32 bf16x2 min/max pairs (8192 + 128 = 8320). Send buffers hold the larger of 256
// dispatch messages and 8 experts x 256 combine messages, receive buffers 8 x 256 of the larger
// message, both twice (odd/even); the signalling buffers 8 ints each, padded to 128 bytes,
// twice. The hint adds one 128-byte step past the total.
constexpr double kCombineMsg = 2 * kH + 4 * (kH / 128);
constexpr double kLowLatencyRdma =
    2 * (kE * 256 * kCombineMsg) + 2 * (kE * 256 * kCombineMsg) + 2 * 128 + 128;
} // namespace

class TestServingDispatch : public QObject {
    Q_OBJECT

    PresetLibrary lib_;

    Plan parse(const json& j) { return parsePlanJson(j, "a.json", lib_); }

    static json plan(const QString& backend, int gpus, int tp, int ep) {
        json serving = {{"max_model_len", 4096},
                        {"max_num_seqs", 16},
                        {"max_num_batched_tokens", static_cast<int>(kTokens)}};
        if (!backend.isEmpty())
            serving["all2all_backend"] = backend.toStdString();
        return {{"model", {{"preset", "mixtral-8x7b"}}},
                {"training", {{"method", "serving"}, {"precision", "bf16-pure"}}},
                {"serving", serving},
                {"parallelism", {{"gpus", gpus}, {"tp", tp}, {"ep", ep}}},
                {"hardware", {{"gpu", "h100-sxm-80gb"}}}};
    }

private slots:
    void initTestCase() {
        const std::string error = test::loadBundledPresets(lib_);
        QVERIFY2(error.empty(), error.c_str());
    }

    void layoutArithmetic() {
        // The spelled-out figures of the comment above.
        QCOMPARE(kCombineMsg, 8320.0);
        QCOMPARE(kLowLatencyRdma, 68157824.0);
    }

    void backends_data() {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<int>("gpus");
        QTest::addColumn<int>("tp");
        QTest::addColumn<int>("ep");
        QTest::addColumn<double>("buffers");   // DeepEP's, outside PyTorch
        QTest::addColumn<double>("transient"); // one MoE layer's dispatch and combine
        const double dp4 = 4 * kTokens;
        // All-gather of every rank's hidden states, top-k weights (fp32) and ids (int32), and
        // a reduce-scatter of the same gathered size.
        const double agRs = dp4 * (2 * kH * kW + kK * (4 + 4));
        // DeepEP high-throughput: at most every rank's tokens once, with int64 ids and fp32
        // weights, and the combined output of this rank's own tokens.
        const double ht = dp4 * (kH * kW + kK * (8 + 4)) + kTokens * kH * kW;
        // DeepEP low-latency, chunked by 256 tokens: packed_recv_x (bf16) of experts / ep local
        // experts x ep ranks x 256 rows with an int32 source index each, the chunk's combined
        // output, and every MoE layer's chunk staging (hidden states and router logits).
        const double ll = kE * 256 * (kH * 2 + 4) + 256 * kH * kW + kL * 256 * (kH + kE) * kW;
        QTest::addRow("default backend") << "" << 8 << 2 << 8 << 0.0 << agRs;
        QTest::addRow("allgather_reducescatter")
            << "allgather_reducescatter" << 8 << 2 << 8 << 0.0 << agRs;
        QTest::addRow("DeepEP HT, one node")
            << "deepep_high_throughput" << 8 << 2 << 8 << kNvl + kWorkspace << ht;
        QTest::addRow("DeepEP HT, 16 GPUs: RDMA too")
            << "deepep_high_throughput" << 16 << 8 << 16 << kNvl + 1024 * kMiB + kWorkspace
            << 2 * kTokens * (kH * kW + kK * (8 + 4)) + kTokens * kH * kW;
        QTest::addRow("DeepEP LL")
            << "deepep_low_latency" << 8 << 2 << 8 << kNvl + kLowLatencyRdma + kWorkspace << ll;
        QTest::addRow("DeepEP LL, one engine: no all-to-all")
            << "deepep_low_latency" << 8 << 8 << 8 << 0.0 << 0.0;
        QTest::addRow("DeepEP HT, no ep") << "deepep_high_throughput" << 8 << 2 << 1 << 0.0 << 0.0;
    }
    void backends() {
        QFETCH(QString, backend);
        QFETCH(int, gpus);
        QFETCH(int, tp);
        QFETCH(int, ep);
        QFETCH(double, buffers);
        QFETCH(double, transient);
        const Evaluation e = evaluate(parse(plan(backend, gpus, tp, ep)), lib_);
        QVERIFY(e.ok);
        const ServingFigures& f = e.serving;
        QCOMPARE(f.all_to_all_buffers, buffers);
        QCOMPARE(bytesAt(e, "engine ready", Component::Other, "DeepEP buffers"), buffers);
        QCOMPARE(bytesAt(e, "profile run", Component::Other, "DeepEP buffers"), buffers);
        QCOMPARE(f.all_to_all, transient);
        // Against the same deployment without expert parallelism (no dispatch, no buffers):
        // the weights differ by the experts' layout only, and the KV cache gives up the
        // buffers and the larger activation peak.
        const Evaluation base = evaluate(parse(plan("", gpus, tp, 1)), lib_);
        QVERIFY(base.ok);
        const ServingFigures& b = base.serving;
        QCOMPARE(f.activation_peak - f.all_to_all, b.activation_peak);
        QCOMPARE(f.kv_available + f.weights + f.activation_peak + f.all_to_all_buffers,
                 b.kv_available + b.weights + b.activation_peak);
    }

    void roundTrip_data() {
        QTest::addColumn<QString>("backend");
        QTest::addRow("default: not written") << "";
        QTest::addRow("high throughput") << "deepep_high_throughput";
        QTest::addRow("low latency") << "deepep_low_latency";
    }
    void roundTrip() {
        QFETCH(QString, backend);
        const Plan p = parse(plan(backend, 8, 2, 8));
        const json written = planToJson(p);
        QCOMPARE(written.at("serving").contains("all2all_backend"), !backend.isEmpty());
        if (!backend.isEmpty())
            QCOMPARE(QString::fromStdString(
                         written.at("serving").at("all2all_backend").get<std::string>()),
                     backend);
        const Plan again = parsePlanJson(written, "b.json", lib_);
        QCOMPARE(again.training.serving.all2all_backend, p.training.serving.all2all_backend);
    }

    void badInput_data() {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<int>("gpus");
        QTest::addColumn<int>("ep");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("says");
        QTest::addRow("unknown backend") << "pplx" << 8 << 8 << "serving.all2all_backend"
                                         << "deepep_low_latency";
        // DeepEP takes up to 8 ranks or a multiple of 8 (csrc/deep_ep.cpp:30).
        QTest::addRow("DeepEP over 12 GPUs")
            << "deepep_high_throughput" << 12 << 12 << "parallelism.ep"
            << "multiple of 8";
        // Low-latency dispatch needs the experts to divide over the ranks (:1107).
        QTest::addRow("LL: 8 experts over 6 GPUs")
            << "deepep_low_latency" << 6 << 6 << "parallelism.ep"
            << "divide the experts (8)";
    }
    void badInput() {
        QFETCH(QString, backend);
        QFETCH(int, gpus);
        QFETCH(int, ep);
        QFETCH(QString, key);
        QFETCH(QString, says);
        const auto c = test::catchInputError([&] { parse(plan(backend, gpus, 1, ep)); });
        QVERIFY(c.thrown);
        QCOMPARE(QString::fromStdString(c.key), key);
        QVERIFY2(QString::fromStdString(c.what).contains(says), c.what.c_str());
    }

    // A wrong type is named too.
    void backendNotAString() {
        json j = plan("", 8, 2, 8);
        j["serving"]["all2all_backend"] = 3;
        const auto c = test::catchInputError([&] { parse(j); });
        QVERIFY(c.thrown);
        QCOMPARE(QString::fromStdString(c.key), QStringLiteral("serving.all2all_backend"));
    }
};

QTEST_APPLESS_MAIN(TestServingDispatch)
#include "tst_serving_dispatch.moc"
