// Shared helpers for the GUI tests: the bundled presets and plans built from them.
#pragma once

#include <QSlider>
#include <QStringList>
#include <QStyle>
#include <QStyleOptionSlider>

#include "dialogs.h"

#include "memplan/plan.h"
#include "memplan/presets.h"

namespace memplan::gui::test {

inline const PresetLibrary& presets() {
    static const PresetLibrary library = [] {
        PresetLibrary l;
        l.loadDirectory(MEMPLAN_TEST_PRESETS);
        return l;
    }();
    return library;
}

// A model preset's plan: method, recipe, micro-batch, sequence length, GPUs, GPU id.
inline Plan makePlan(const char* model, Method method, int64_t microBatch, int64_t seqLen,
                     int64_t gpus, const char* gpu, Sharding sharding = Sharding::None) {
    Plan p;
    p.name = "test plan";
    const ModelPreset* preset = presets().findModel(model);
    p.model = preset->model;
    p.model.preset = preset->id;
    p.training.method = method;
    p.training.micro_batch = microBatch;
    p.training.seq_len = seqLen;
    p.parallelism.gpus = gpus;
    p.parallelism.sharding = sharding;
    p.hardware.gpu = gpu;
    return p;
}

// Dialogs that answer from fields instead of blocking, and record what they were asked.
class FakeDialogs : public Dialogs {
public:
    QStringList errors;
    QStringList informed;
    SaveChoice answer = SaveChoice::Cancel;
    bool restoreAnswer = true;
    int asked = 0;
    int restoreAsked = 0;
    QString openName, saveName;

    void reportError(QWidget*, const QString&, const QString& message) override {
        errors << message;
    }
    SaveChoice askSaveChanges(QWidget*, const QString&) override {
        ++asked;
        return answer;
    }
    QString openFileName(QWidget*, const QString&) override { return openName; }
    QString saveFileName(QWidget*, const QString&) override { return saveName; }
    bool askRestoreAutosave(QWidget*, const QString&) override {
        ++restoreAsked;
        return restoreAnswer;
    }
    void inform(QWidget*, const QString&, const QString& message) override { informed << message; }
};

// Where a slider's handle is drawn, for mouse events on the real widget.
inline QRect handleRect(QSlider* slider) {
    QStyleOptionSlider opt;
    opt.initFrom(slider);
    opt.orientation = slider->orientation();
    opt.minimum = slider->minimum();
    opt.maximum = slider->maximum();
    opt.sliderPosition = slider->sliderPosition();
    opt.sliderValue = slider->value();
    opt.singleStep = slider->singleStep();
    opt.pageStep = slider->pageStep();
    opt.upsideDown = slider->invertedAppearance();
    opt.subControls = QStyle::SC_All;
    return slider->style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderHandle,
                                           slider);
}

} // namespace memplan::gui::test
