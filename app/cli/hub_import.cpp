#include "hub_import.h"

#include "cli.h"

#include "hub_model_files.h"
#include "hub_settings.h"

#include <QCoreApplication>

#include <ostream>

namespace memplan::cli {

void installHubImport() {
    setHubImport([](const std::string& repoId, std::ostream& err) {
        // Qt Network runs its replies in an event loop, which needs an application object.
        // It lives until the process ends: destroying it among the static destructors at
        // exit would run after Qt's own.
        if (!QCoreApplication::instance()) {
            static int argc = 1;
            static char name[] = "memplan-cli";
            static char* argv[] = {name, nullptr};
            static QCoreApplication* app = new QCoreApplication(argc, argv);
            (void)app;
        }
        QStringList notes;
        ImportedModel m = hub::importFromHub(QString::fromStdString(repoId),
                                             hub::HubSettings::fromEnvironment(), &notes);
        for (const QString& n : notes)
            err << "note: " << n.toStdString() << "\n";
        return m;
    });
}

} // namespace memplan::cli
