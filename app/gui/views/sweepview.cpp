#include "views/sweepview.h"

#include "charts/sweepchart.h"
#include "document/plandocument.h"
#include "export/exportdata.h"
#include "models/scenariomodel.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QRadioButton>
#include <QShowEvent>
#include <QToolButton>
#include <QVBoxLayout>

namespace memplan::gui {

SweepView::SweepView(PlanDocument* document, ScenarioModel* scenarios, QWidget* parent)
    : QWidget(parent)
    , doc_(document)
    , scenarios_(scenarios) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    auto* bar = new QHBoxLayout;
    auto* variableLabel = new QLabel(tr("Sweep:"), this);
    variableBox_ = new QComboBox(this);
    for (const SweepVariableInfo& v : sweepVariables())
        variableBox_->addItem(sweepAxisTitle(v.variable), static_cast<int>(v.variable));
    variableLabel->setBuddy(variableBox_);
    bar->addWidget(variableLabel);
    bar->addWidget(variableBox_);
    auto* fromLabel = new QLabel(tr("from"), this);
    from_ = new QDoubleSpinBox(this);
    auto* toLabel = new QLabel(tr("to"), this);
    to_ = new QDoubleSpinBox(this);
    for (QDoubleSpinBox* box : {from_, to_}) {
        box->setKeyboardTracking(false);
        box->setAccelerated(true);
    }
    fromLabel->setBuddy(from_);
    toLabel->setBuddy(to_);
    bar->addWidget(fromLabel);
    bar->addWidget(from_);
    bar->addWidget(toLabel);
    bar->addWidget(to_);
    auto* reset = new QToolButton(this);
    reset->setText(tr("Default range"));
    reset->setToolTip(tr("A range around the plan's own value"));
    bar->addWidget(reset);
    bar->addSpacing(12);
    columns_ = new QRadioButton(tr("Compare columns"), this);
    columns_->setToolTip(tr("One line per column of the Compare tab"));
    planOnly_ = new QRadioButton(tr("Current plan only"), this);
    auto* group = new QButtonGroup(this);
    group->addButton(columns_);
    group->addButton(planOnly_);
    columns_->setChecked(true);
    columns_->setEnabled(scenarios_ != nullptr);
    bar->addWidget(columns_);
    bar->addWidget(planOnly_);
    bar->addStretch(1);
    layout->addLayout(bar);

    chart_ = new SweepChart(this);
    layout->addWidget(chart_, 1);
    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(summary_);

    useColumns_ = scenarios_ != nullptr;
    range_ = defaultSweepRange(SweepVariable::MicroBatch, doc_->plan());
    syncControls();

    connect(variableBox_, &QComboBox::activated, this, [this](int index) {
        setVariable(static_cast<SweepVariable>(variableBox_->itemData(index).toInt()));
    });
    connect(from_, &QDoubleSpinBox::valueChanged, this, &SweepView::readRange);
    connect(to_, &QDoubleSpinBox::valueChanged, this, &SweepView::readRange);
    connect(reset, &QToolButton::clicked, this, [this] { setVariable(range_.variable); });
    connect(columns_, &QRadioButton::toggled, this, [this](bool on) { setUseCompareColumns(on); });
    connect(doc_, &PlanDocument::planChanged, this, &SweepView::followPlan);
    if (scenarios_)
        connect(scenarios_, &ScenarioModel::scenariosChanged, this, [this] {
            if (useColumns_)
                refresh();
        });
    refreshNow();
}

void SweepView::setVariable(SweepVariable v) {
    range_ = defaultSweepRange(v, doc_->plan());
    userRange_ = false;
    syncControls();
    refresh();
}

void SweepView::setRange(const SweepRange& range) {
    range_ = range;
    userRange_ = true;
    syncControls();
    refresh();
}

void SweepView::setUseCompareColumns(bool use) {
    use = use && scenarios_ != nullptr;
    if (use == useColumns_)
        return;
    useColumns_ = use;
    (use ? columns_ : planOnly_)->setChecked(true);
    refresh();
}

void SweepView::setUnits(UnitSystem units) {
    if (units == units_)
        return;
    units_ = units;
    chart_->setUnits(units);
    refresh();
}

void SweepView::syncControls() {
    syncing_ = true;
    variableBox_->setCurrentIndex(variableBox_->findData(static_cast<int>(range_.variable)));
    const bool params = range_.variable == SweepVariable::Params;
    const double scale = params ? 1e9 : 1.0;
    for (QDoubleSpinBox* box : {from_, to_}) {
        box->setDecimals(params ? 2 : 0);
        box->setSingleStep(params ? 0.5 : 1);
        box->setRange(params ? 0.01 : 1, params ? 1e4 : 1 << 20);
        box->setSuffix(params ? tr(" B") : QString());
    }
    from_->setValue(range_.from / scale);
    to_->setValue(range_.to / scale);
    syncing_ = false;
}

void SweepView::readRange() {
    if (syncing_)
        return;
    const double scale = range_.variable == SweepVariable::Params ? 1e9 : 1.0;
    const double from = from_->value() * scale, to = to_->value() * scale;
    if (!(to > from))
        return; // wait until the range makes sense
    range_.from = from;
    range_.to = to;
    userRange_ = true;
    refresh();
}

std::vector<Scenario> SweepView::lineScenarios() const {
    if (useColumns_ && scenarios_ && scenarios_->count() > 0)
        return scenarios_->scenarios();
    return {planScenario(doc_->plan(), doc_->evaluation(), tr("Current plan"))};
}

void SweepView::refresh() {
    dirty_ = true;
    if (isVisible())
        refreshNow();
}

void SweepView::refreshNow() {
    dirty_ = false;
    result_ = sweepScenarios(lineScenarios(), range_, doc_->presets());
    result_.planValue = currentSweepValue(range_.variable, doc_->plan());
    chart_->setUnits(units_);
    chart_->setResult(result_);
    QStringList parts;
    const SweepVariable v = range_.variable;
    for (const SweepLine& l : result_.lines) {
        if (!l.hasCapacity)
            continue;
        if (l.firstNoFit < 0)
            parts << tr("%1: every value fits").arg(QString::fromStdString(l.name).toHtmlEscaped());
        else
            parts << tr("%1: <b>%2</b>")
                         .arg(QString::fromStdString(l.name).toHtmlEscaped(),
                              sweepValueText(
                                  v, l.points[static_cast<std::size_t>(l.firstNoFit)].value));
    }
    summary_->setText(
        parts.isEmpty()
            ? tr("Choose a GPU to see where the plan stops fitting.")
            : tr("First value that does not fit \u2014 %1.").arg(parts.join(QLatin1String("; "))));
}

void SweepView::followPlan() {
    // A hidden tab does nothing per slider step; it catches up when shown.
    if (!isVisible()) {
        planStale_ = true;
        return;
    }
    planStale_ = false;
    if (!userRange_) {
        range_ = defaultSweepRange(range_.variable, doc_->plan());
        syncControls();
    }
    refresh();
}

void SweepView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (planStale_)
        followPlan();
    if (dirty_)
        refreshNow();
}

} // namespace memplan::gui
