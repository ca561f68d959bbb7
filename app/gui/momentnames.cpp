#include "momentnames.h"

#include <QCoreApplication>
#include <QStringList>

namespace memplan::gui {
namespace {

// One entry per moment label the core writes; lupdate collects them in "memplan::moments".
const char* const kMomentLabels[] = {
    QT_TRANSLATE_NOOP("memplan::moments", "end of forward"),
    QT_TRANSLATE_NOOP("memplan::moments", "loss forward"),
    QT_TRANSLATE_NOOP("memplan::moments", "start of backward"),
    QT_TRANSLATE_NOOP("memplan::moments", "backward of the last layer"),
    QT_TRANSLATE_NOOP("memplan::moments", "end of backward"),
    QT_TRANSLATE_NOOP("memplan::moments", "optimizer step"),
    QT_TRANSLATE_NOOP("memplan::moments", "prefill"),
    QT_TRANSLATE_NOOP("memplan::moments", "end of generation"),
    QT_TRANSLATE_NOOP("memplan::moments", "profile run"),
    QT_TRANSLATE_NOOP("memplan::moments", "engine ready"),
    QT_TRANSLATE_NOOP("memplan::moments", "rollout (generation)"),
    QT_TRANSLATE_NOOP("memplan::moments", "scoring (reference / reward forward)"),
    QT_TRANSLATE_NOOP("memplan::moments", "textbook sum"),
};

} // namespace

QString momentName(std::string_view label) {
    for (const char* known : kMomentLabels)
        if (label == known)
            return QCoreApplication::translate("memplan::moments", known);
    return QString::fromUtf8(label.data(), static_cast<qsizetype>(label.size()));
}

QStringList knownMomentLabels() {
    QStringList out;
    for (const char* known : kMomentLabels)
        out << QString::fromLatin1(known);
    return out;
}

} // namespace memplan::gui
