#include "views/compareexplain.h"

#include "document/planedits.h"
#include "unitformat.h"

#include "memplan/names.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>
#include <string>

namespace memplan::gui {

namespace {

QString findingsTr(std::string_view english) {
    return QCoreApplication::translate("memplan::findings", std::string(english).c_str());
}

QString phrase(FindingPhrase p) {
    return findingsTr(findingPhrase(p));
}

// %1..%9 replaced in one pass, so a '%' inside an argument is never read as a placeholder.
QString fill(const QString& pattern, const QStringList& args) {
    QString out;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const QChar c = pattern[i];
        if (c == QLatin1Char('%') && i + 1 < pattern.size() && pattern[i + 1] >= QLatin1Char('1') &&
            pattern[i + 1] <= QLatin1Char('9')) {
            const qsizetype n = pattern[i + 1].unicode() - u'1';
            if (n < args.size())
                out += args[n];
            ++i;
        } else {
            out += c;
        }
    }
    return out;
}

QString arrow(const QString& from, const QString& to) {
    return fill(phrase(FindingPhrase::Arrow), {from, to});
}

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

template <typename E> QString enumLabel(const std::string& key) {
    if (const auto v = fromKey<E>(key))
        return uiLabel(*v);
    return q(key);
}

QString argText(const FindingArg& a, UnitSystem units, const PresetLibrary& presets) {
    using T = FindingArgType;
    const QLocale locale;
    const auto count = [](double v) {
        return q(formatCount(v));
    };
    const auto integer = [&](double v) {
        return locale.toString(std::llround(v));
    };
    switch (a.type) {
    case T::Bytes:
        return formatSize(a.number, units);
    case T::BytesChange:
        return arrow(formatSize(a.number, units), formatSize(a.to, units));
    case T::Params:
        return count(a.number);
    case T::CountChange:
        return arrow(count(a.number), count(a.to));
    case T::Integer:
        return integer(a.number);
    case T::IntegerChange:
        return arrow(integer(a.number), integer(a.to));
    case T::Decimal:
        return formatReadable(a.number, 3);
    case T::DecimalChange:
        return arrow(locale.toString(a.number, 'f', 1), locale.toString(a.to, 'f', 1));
    case T::Percent:
        return locale.toString(a.number, 'f', a.number < 1 ? 2 : 1) + locale.percent();
    case T::RelativeChange: {
        const double p = a.number * 100.0;
        if (std::fabs(p) < 0.5)
            return phrase(FindingPhrase::AboutTheSame);
        return fill(phrase(p > 0 ? FindingPhrase::PlusPercent : FindingPhrase::MinusPercent),
                    {locale.toString(std::fabs(p), 'f', 0)});
    }
    case T::Name:
    case T::Text:
        return q(a.id);
    case T::Names: {
        QStringList names;
        for (const std::string& n : a.items)
            names << q(n);
        return names.join(phrase(FindingPhrase::ListSeparator));
    }
    case T::Component:
        return enumLabel<Component>(a.id).toLower();
    case T::Part:
        return partLabel(a.id);
    case T::Recipe:
        return enumLabel<Recipe>(a.id);
    case T::Method:
        return enumLabel<Method>(a.id);
    case T::Optimizer:
        return enumLabel<Optimizer>(a.id);
    case T::OptimizerStateKinds:
        if (const auto o = fromKey<Optimizer>(a.id))
            return findingsTr(optimizerStateKinds(*o));
        return q(a.id);
    case T::Sharding:
        return enumLabel<Sharding>(a.id);
    case T::KvCacheDtype:
        return enumLabel<KvCacheDtype>(a.id);
    case T::Gpu: {
        if (a.id.empty())
            return phrase(FindingPhrase::NoGpu);
        const GpuPreset* g = presets.findGpu(a.id);
        return g ? q(g->name) : q(a.id);
    }
    case T::StorageChange:
        return enumLabel<TensorClass>(a.id).toLower() + QLatin1Char(' ') +
               arrow(q(a.from_id), q(a.to_id));
    case T::Count:
        break;
    }
    return {};
}

ComparedPlan compared(const Scenario& s) {
    return {s.name.toStdString(), &s.plan, &s.evaluation};
}

QStringList lines(const std::vector<Finding>& findings, UnitSystem units,
                  const PresetLibrary& presets) {
    QStringList out;
    for (const Finding& f : findings)
        out << findingLine(f, units, presets);
    return out;
}

} // namespace

QString findingLine(const Finding& finding, UnitSystem units, const PresetLibrary& presets) {
    QStringList args;
    // Storage changes form one list (the template's last placeholder).
    QStringList storage;
    for (const FindingArg& a : finding.args) {
        if (a.type == FindingArgType::StorageChange)
            storage << argText(a, units, presets);
        else
            args << argText(a, units, presets);
    }
    if (!storage.isEmpty())
        args << storage.join(phrase(FindingPhrase::ListSeparator));
    return fill(findingsTr(findingTemplate(finding.code)), args);
}

QStringList explainDifference(const Scenario& a, const Scenario& b, UnitSystem units,
                              const PresetLibrary& presets) {
    return lines(compareFindings(compared(a), compared(b)), units, presets);
}

QStringList explainComparison(const std::vector<Scenario>& scenarios, UnitSystem units,
                              const PresetLibrary& presets) {
    std::vector<ComparedPlan> columns;
    for (const Scenario& s : scenarios)
        columns.push_back(compared(s));
    const ComparisonFindings all = compareAll(columns);
    QStringList out;
    if (!all.overview.empty())
        out << lines(all.overview, units, presets).join(QLatin1Char(' '));
    for (const std::vector<Finding>& column : all.columns)
        out << lines(column, units, presets).join(QLatin1Char(' '));
    return out;
}

} // namespace memplan::gui
