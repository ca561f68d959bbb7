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
};

QTEST_APPLESS_MAIN(TestParamCount)
#include "tst_param_count.moc"
