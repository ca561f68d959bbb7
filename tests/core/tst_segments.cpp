// The segments a chart draws (issue 13 item 8, issue 15): the KV cache, vLLM's CUDA graphs
// and its non-torch memory are segments of their own, counted here independently of the
// model's code, and the segments always add up to the total.
#include "memplan/model.h"
#include "memplan/plan_edit.h"
#include "memplan/segments.h"

#include <QtTest>

using namespace memplan;

namespace {
double seg(const std::array<double, kSegmentCount>& s, Segment k) {
    return s[static_cast<std::size_t>(k)];
}
double sum(const std::array<double, kSegmentCount>& s) {
    double t = 0;
    for (double b : s)
        t += b;
    return t;
}
} // namespace

class TestSegments : public QObject {
    Q_OBJECT
    PresetLibrary presets_ = PresetLibrary::loadBundled();

    Plan preset(const char* id) const {
        Plan p;
        applyModelPreset(p, *presets_.findModel(id));
        return p;
    }

private slots:
    // Inference: 2 (K and V) x layers x kv_heads x head_dim x bytes x (prompt + new) x batch
    // / tp, counted from the shape; the rest of the activations stay activations.
    void inference_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("batch");
        QTest::addColumn<int>("prompt");
        QTest::addColumn<int>("newTokens");
        QTest::addColumn<int>("tp");
        QTest::addRow("llama-2-7b mha") << "llama-2-7b" << 1 << 4096 << 0 << 1;
        QTest::addRow("llama-3.1-8b gqa, generating") << "llama-3.1-8b" << 4 << 2048 << 512 << 1;
        QTest::addRow("llama-2-70b tp 4") << "llama-2-70b" << 2 << 1024 << 1024 << 4;
    }
    void inference() {
        QFETCH(QString, model);
        QFETCH(int, batch);
        QFETCH(int, prompt);
        QFETCH(int, newTokens);
        QFETCH(int, tp);
        Plan p = preset(model.toStdString().c_str());
        p.training.method = Method::Inference;
        p.training.precision = Recipe::Bf16Pure;
        p.training.micro_batch = batch;
        p.training.seq_len = prompt;
        p.training.new_tokens = newTokens;
        p.parallelism.tp = tp;
        p.parallelism.gpus = tp;
        const Evaluation e = evaluate(p, nullptr);
        QVERIFY(e.ok);
        const ModelSpec& m = p.model;
        // The default profile's cache is static: allocated for prompt + new tokens before the
        // prompt runs, so the peak holds all of it whichever moment it is.
        const double kv = 2.0 * static_cast<double>(m.layers) *
                          static_cast<double>(m.kv_heads * m.head_dim) / tp * 2 /* bf16 */ *
                          (prompt + newTokens) * batch;
        const auto s = segmentBytes(e);
        QCOMPARE(seg(s, Segment::KvCache), kv);
        QCOMPARE(seg(s, Segment::Activations), e.bytes(Component::Activations) - kv);
        QCOMPARE(seg(s, Segment::Gradients), 0.0);
        QCOMPARE(seg(s, Segment::OptimizerStates), 0.0);
        QCOMPARE(sum(s), e.total);
    }

    // Llama 3.2 Vision: the cross-attention layers' cache of the image tokens is drawn in the
    // KV cache segment with the self-attention layers' cache. 8 of the 40 layers cross-attend;
    // an image is 4 tiles of (560 / 14)^2 patches and a class token each.
    void crossAttentionCache_data() {
        QTest::addColumn<int>("images");
        QTest::addColumn<int>("batch");
        QTest::addRow("1 image") << 1 << 1;
        QTest::addRow("2 images, batch 3") << 2 << 3;
    }
    void crossAttentionCache() {
        QFETCH(int, images);
        QFETCH(int, batch);
        Plan p = preset("llama-3.2-11b-vision");
        p.model.vision.images = images;
        p.training.method = Method::Inference;
        p.training.precision = Recipe::Bf16Pure;
        p.training.micro_batch = batch;
        p.training.seq_len = 1024;
        p.training.new_tokens = 256;
        const Evaluation e = evaluate(p, nullptr);
        QVERIFY(e.ok);
        const double perToken = 2.0 * 8 * 128 * 2; // K and V, kv_heads x head_dim, bf16
        const double imageTokens = images * 4.0 * (40 * 40 + 1);
        const double kv = perToken * (40 - 8) * (1024 + 256) * batch + // static cache
                          perToken * 8 * imageTokens * batch;
        const auto s = segmentBytes(e);
        QCOMPARE(seg(s, Segment::KvCache), kv);
        QCOMPARE(sum(s), e.total);
    }

    // Serving: the engine's figures (serving.cpp's budget) are the segments.
    void serving_data() {
        QTest::addColumn<int>("kvDtype");
        QTest::addColumn<bool>("eager");
        QTest::addRow("bf16 kv, graphs") << int(KvCacheDtype::Auto) << false;
        QTest::addRow("fp8 kv, graphs") << int(KvCacheDtype::Fp8) << false;
        QTest::addRow("bf16 kv, eager") << int(KvCacheDtype::Auto) << true;
    }
    void serving() {
        QFETCH(int, kvDtype);
        QFETCH(bool, eager);
        Plan p = preset("llama-3.1-8b");
        p.training.method = Method::Serving;
        p.training.precision = Recipe::Bf16Pure;
        p.hardware.gpu = "h100-sxm-80gb";
        p.training.serving.max_model_len = 8192;
        p.training.serving.kv_cache_dtype = KvCacheDtype(kvDtype);
        p.training.serving.enforce_eager = eager;
        const Evaluation e = evaluate(p, presets_);
        QVERIFY(e.ok && e.serving.budget_known);
        const auto s = segmentBytes(e);
        QVERIFY(e.serving.kv_bytes > 0);
        QCOMPARE(seg(s, Segment::KvCache), e.serving.kv_bytes);
        QCOMPARE(seg(s, Segment::CudaGraphs), e.serving.cuda_graphs);
        QCOMPARE(seg(s, Segment::NonTorch), e.serving.non_torch);
        QCOMPARE(seg(s, Segment::Weights), e.serving.weights);
        QCOMPARE(seg(s, Segment::Activations), e.serving.activation_peak);
        QCOMPARE(sum(s), e.total);
        if (eager)
            QCOMPARE(seg(s, Segment::CudaGraphs), 0.0);
    }

    // Training: the segments are the components.
    void training() {
        Plan p = preset("llama-3.1-8b");
        p.training.method = Method::Lora;
        const Evaluation e = evaluate(p, nullptr);
        const auto s = segmentBytes(e);
        QCOMPARE(seg(s, Segment::KvCache), 0.0);
        for (Component c : {Component::Weights, Component::Gradients, Component::OptimizerStates,
                            Component::Activations, Component::RuntimeOverhead})
            QCOMPARE(s[static_cast<std::size_t>(segmentOf(c, "x"))], e.bytes(c));
        QCOMPARE(sum(s), e.total);
    }
};

QTEST_GUILESS_MAIN(TestSegments)
#include "tst_segments.moc"
