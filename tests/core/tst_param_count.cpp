// Parameter counts from shapes (exact) and shapes derived from a bare count.
#include "memplan/param_count.h"

#include <QtTest>

using namespace memplan;

Q_DECLARE_METATYPE(memplan::ModelSpec)

namespace {
ModelSpec llama(int64_t layers, int64_t hidden, int64_t ffn, int64_t heads, int64_t kv,
                int64_t vocab) {
    ModelSpec m;
    m.layers = layers;
    m.hidden = hidden;
    m.ffn = ffn;
    m.heads = heads;
    m.kv_heads = kv;
    m.head_dim = hidden / heads;
    m.vocab = vocab;
    return m;
}

ModelSpec gpt2(int64_t layers, int64_t hidden, int64_t heads) {
    ModelSpec m = llama(layers, hidden, 4 * hidden, heads, heads, 50257);
    m.mlp = MlpKind::Plain;
    m.norm = NormKind::LayerNorm;
    m.bias = BiasKind::All;
    m.position = PositionKind::Learned;
    m.max_position = 1024;
    m.tied_embeddings = true;
    return m;
}

// Published configs (each model's config.json on the Hugging Face Hub).
ModelSpec llama31_8b() {
    ModelSpec m = llama(32, 4096, 14336, 32, 8, 128256);
    m.name = "Llama 3.1 8B";
    return m;
}

ModelSpec llama2_7b() {
    return llama(32, 4096, 11008, 32, 32, 32000); // multi-head attention
}

ModelSpec gemma_2b() {
    ModelSpec m = llama(18, 2048, 16384, 8, 1, 256000); // multi-query attention
    m.head_dim = 256;
    m.tied_embeddings = true;
    return m;
}

double layerCount(const ModelSpec& s) {
    ModelSpec deeper = s;
    deeper.layers += 1;
    return countParameters(deeper).total - countParameters(s).total;
}
} // namespace

class TestParamCount : public QObject {
    Q_OBJECT
private slots:
    void exactCounts_data() {
        QTest::addColumn<ModelSpec>("model");
        QTest::addColumn<double>("expected");
        // Counts published with the models (Hugging Face model cards / num_parameters()).
        QTest::addRow("llama-2-7b") << llama(32, 4096, 11008, 32, 32, 32000) << 6738415616.0;
        QTest::addRow("llama-2-70b") << llama(80, 8192, 28672, 64, 8, 32000) << 68976648192.0;
        QTest::addRow("gpt2-124m") << gpt2(12, 768, 12) << 124439808.0;
        QTest::addRow("gpt2-xl") << gpt2(48, 1600, 25) << 1557611200.0;
        ModelSpec mixtral = llama(32, 4096, 14336, 32, 8, 32000);
        mixtral.experts = 8;
        mixtral.experts_per_token = 2;
        QTest::addRow("mixtral-8x7b") << mixtral << 46702792704.0;
        ModelSpec bert = gpt2(24, 1024, 16);
        bert.vocab = 30522;
        bert.max_position = 512;
        bert.type_vocab = 2;
        bert.pooler = true;
        bert.lm_head = false;
        QTest::addRow("bert-large") << bert << 335141888.0;
    }
    void exactCounts() {
        QFETCH(ModelSpec, model);
        QFETCH(double, expected);
        QCOMPARE(countParameters(model).total, expected);
    }

    // Issue 14: multi-head latent attention, a shared expert and dense leading layers, on a
    // shape small enough to count by hand (h 64, 4 heads, q_lora 32, kv_lora 16, nope/rope/v
    // 8/4/8; 3 layers, the first dense with 128; 4 experts of 16 and a shared one of 16).
    void moeAndMla_data() {
        QTest::addColumn<ModelSpec>("model");
        QTest::addColumn<double>("perLayer"); // a MoE layer
        QTest::addColumn<double>("layersTotal");
        QTest::addColumn<double>("total");
        ModelSpec m = llama(3, 64, 16, 4, 4, 100);
        m.experts = 4;
        m.experts_per_token = 2;
        m.kv_lora_rank = 16;
        m.qk_rope_head_dim = 4;
        m.q_lora_rank = 32;
        m.qk_nope_head_dim = 8;
        m.v_head_dim = 8;
        m.head_dim = 8;
        m.shared_ffn = 16;
        m.dense_layers = 1;
        m.dense_ffn = 128;
        // attention: q 64*32 + 32 + 32*4*(8+4) = 3616; kv_a 64*(16+4) + 16 = 1296;
        // kv_b 16*4*(8+8) = 1024; o 4*8*64 = 2048; together 7984.
        // MoE layer: 7984 + experts 4*3*64*16 + shared 3*64*16 + router 64*4 + norms 2*64.
        const double moeLayer = 7984 + 12288 + 3072 + 256 + 128;
        // dense layer: 7984 + 3*64*128 + 128
        const double denseLayer = 7984 + 24576 + 128;
        QTest::addRow("mla, shared, dense") << m << moeLayer << 2 * moeLayer + denseLayer
                                            << 2 * moeLayer + denseLayer + 100 * 64 * 2 + 64;
        // Without q_lora_rank: one q_proj of 64 x 4*(8+4).
        ModelSpec fullQ = m;
        fullQ.q_lora_rank = 0;
        const double fullQLayer = moeLayer - 3616 + 64 * 48;
        QTest::addRow("mla, full query")
            << fullQ << fullQLayer << 2 * fullQLayer + denseLayer - 3616 + 64 * 48
            << 2 * fullQLayer + denseLayer - 3616 + 64 * 48 + 100 * 64 * 2 + 64;
        // kv_lora_rank alone (the serving KV cache) keeps the standard attention count.
        ModelSpec kvOnly = llama(2, 64, 16, 4, 4, 100);
        kvOnly.kv_lora_rank = 16;
        const double plain = 4 * 64 * 64 + 3 * 64 * 16 + 128;
        QTest::addRow("kv_lora_rank only")
            << kvOnly << plain << 2 * plain << 2 * plain + 100 * 64 * 2 + 64;
    }
    void moeAndMla() {
        QFETCH(ModelSpec, model);
        QFETCH(double, perLayer);
        QFETCH(double, layersTotal);
        QFETCH(double, total);
        const ParamCounts c = countParameters(model);
        QCOMPARE(c.per_layer, perLayer);
        QCOMPARE(c.layers_total, layersTotal);
        QCOMPARE(c.total, total);
        QVERIFY(c.linear_in_layers < c.layers_total);
    }

    void partsSumToTotal() {
        const ParamCounts c = countParameters(llama(32, 4096, 11008, 32, 8, 128256));
        QCOMPARE(c.embedding + c.layers_total + c.final_norm + c.lm_head + c.pooler, c.total);
        QVERIFY(c.linear_in_layers < c.layers_total);
    }

    void gqaShrinksKeyValue() {
        const ParamCounts mha = countParameters(llama(32, 4096, 11008, 32, 32, 32000));
        const ParamCounts gqa = countParameters(llama(32, 4096, 11008, 32, 8, 32000));
        QCOMPARE(mha.attn_k - gqa.attn_k, 4096.0 * 128 * 24);
    }

    void derivedShape_data() {
        QTest::addColumn<double>("params");
        for (double p : {1.25e8, 1e9, 6e9, 7e9, 13e9, 70e9, 175e9, 1e12, 2e12})
            QTest::addRow("%g", p) << p;
    }
    void derivedShape() {
        QFETCH(double, params);
        const ModelSpec s = deriveShape(params);
        QVERIFY(s.shape_derived);
        const double counted = countParameters(s).total;
        // The rule takes the width (a multiple of 64) whose count comes closest.
        QVERIFY2(std::fabs(counted - params) / params < 0.05,
                 qPrintable(QString("counted %1 for %2").arg(counted).arg(params)));
        const ModelSpec larger = deriveShape(params * 1.2);
        QVERIFY(larger.layers >= s.layers && larger.hidden >= s.hidden);
        QCOMPARE(s.heads * s.head_dim, s.hidden);
        QCOMPARE(s.heads % s.kv_heads, 0);
    }

    // --- scaling a model to a new count (deriveShape with a base) ------------------------

    void scaledShapeKeepsTraits_data() {
        QTest::addColumn<ModelSpec>("base");
        QTest::addColumn<double>("params");
        for (double p : {1e9, 3e9, 13e9, 70e9, 405e9, 2e12})
            QTest::addRow("llama-3.1-8b to %g", p) << llama31_8b() << p;
        for (double p : {3.5e8, 1.5e9, 20e9})
            QTest::addRow("gpt2 to %g", p) << gpt2(12, 768, 12) << p;
        for (double p : {7e9, 30e9})
            QTest::addRow("gemma-2b to %g", p) << gemma_2b() << p;
        QTest::addRow("llama-2-7b to 13e9") << llama2_7b() << 13e9;
    }
    void scaledShapeKeepsTraits() {
        QFETCH(ModelSpec, base);
        QFETCH(double, params);
        const ShapeBase b = shapeBaseOf(base);
        const ModelSpec s = deriveShape(params, b);
        QVERIFY(s.shape_derived);
        QCOMPARE(s.vocab, base.vocab);
        QCOMPARE(s.head_dim, base.head_dim);
        QCOMPARE(s.hidden, s.heads * s.head_dim);
        if (base.kv_heads < base.heads)
            QCOMPARE(s.kv_heads, base.kv_heads); // GQA / MQA keep their KV-head count
        else
            QCOMPARE(s.kv_heads, s.heads); // multi-head attention stays so
        // Tensor parallelism over 2, 4 or 8 GPUs splits heads and KV heads evenly.
        QCOMPARE(s.heads % 8, int64_t(0));
        QCOMPARE(s.heads % s.kv_heads, int64_t(0));
        QVERIFY(s.mlp == base.mlp && s.norm == base.norm && s.bias == base.bias);
        QVERIFY(s.position == base.position && s.tied_embeddings == base.tied_embeddings);
        QCOMPARE(s.max_position, base.max_position);
        // ffn keeps the base's ratio, rounded up by less than one multiple of 256.
        const double ratio = static_cast<double>(base.ffn) / static_cast<double>(base.hidden);
        const double ffn = ratio * static_cast<double>(s.hidden);
        QVERIFY2(static_cast<double>(s.ffn) >= ffn - 1e-6 && static_cast<double>(s.ffn) < ffn + 256,
                 qPrintable(QString("ffn %1 for %2 x %3").arg(s.ffn).arg(ratio).arg(s.hidden)));
        // The depth is the one whose count comes closest.
        const double count = countParameters(s).total;
        if (s.layers > 1)
            QVERIFY2(
                std::fabs(count - params) <= layerCount(s) / 2 + 1,
                qPrintable(
                    QString("%1 layers x %2 count %3").arg(s.layers).arg(s.hidden).arg(count)));
        // A larger count never narrows the model, and a derived shape scales its own base.
        QVERIFY(deriveShape(params * 1.2, b).hidden >= s.hidden);
        const ShapeBase again = shapeBaseOf(s);
        QCOMPARE(again.layers, base.layers);
        QCOMPARE(again.hidden, base.hidden);
        QCOMPARE(again.vocab, base.vocab);
    }

    void scalingToItsOwnCountGivesTheModelBack_data() {
        QTest::addColumn<ModelSpec>("base");
        QTest::addRow("llama-3.1-8b") << llama31_8b();
        QTest::addRow("llama-2-7b") << llama2_7b();
    }
    void scalingToItsOwnCountGivesTheModelBack() {
        QFETCH(ModelSpec, base);
        const ModelSpec s = deriveShape(countParameters(base).total, shapeBaseOf(base));
        QCOMPARE(s.layers, base.layers);
        QCOMPARE(s.hidden, base.hidden);
        QCOMPARE(s.ffn, base.ffn);
        QCOMPARE(s.heads, base.heads);
        QCOMPARE(s.kv_heads, base.kv_heads);
        QCOMPARE(countParameters(s).total, countParameters(base).total);
    }

    void depthStepsBackOnlyWhereTheWidthStepsUp() {
        // Over a fine grid of counts the width never shrinks, and depth x width (what the
        // activations follow) falls only at a wider step, as from Llama 2 7B to 13B.
        const ShapeBase b = shapeBaseOf(llama31_8b());
        ModelSpec last = deriveShape(1e9, b);
        int widthSteps = 0;
        for (double params = 1e9; params <= 1e12; params *= 1.01) {
            const ModelSpec s = deriveShape(params, b);
            QVERIFY(s.hidden >= last.hidden);
            if (s.hidden == last.hidden)
                QVERIFY2(s.layers >= last.layers, qPrintable(QString::number(params)));
            else
                ++widthSteps;
            last = s;
        }
        QVERIFY(widthSteps > 5);
    }

    void noBaseTakesTheBareCountRule() {
        for (double p : {1e9, 7e9, 70e9}) {
            const ModelSpec bare = deriveShape(p), viaBase = deriveShape(p, ShapeBase{});
            QCOMPARE(viaBase.layers, bare.layers);
            QCOMPARE(viaBase.hidden, bare.hidden);
            QVERIFY(!viaBase.scaled_from.present());
        }
        QVERIFY(!shapeBaseOf(deriveShape(7e9)).present());
    }
};

QTEST_APPLESS_MAIN(TestParamCount)
#include "tst_param_count.moc"
