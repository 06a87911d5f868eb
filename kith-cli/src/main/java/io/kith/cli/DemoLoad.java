package io.kith.cli;

import io.kith.demo.DemoManifest;
import io.kith.imports.ImportReport;
import io.kith.source.Source;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code kith serve --demo} does on its first start, once the server runs: imports every generated file through its
 * mapping, defines the demo segments ({@link DemoSegments}), asks for a whole pass (RFM is a property of everyone), and
 * once the events are stored runs the models and probable links, which otherwise wait for their schedule. One place, so
 * that the test of the README's quick start loads the demo as the command does.
 */
final class DemoLoad {
    private DemoLoad() {
    }

    /** Loads the demo files of {@code manifest} (generated in {@code demoDir}) into {@code app}, saying what it does on {@code out}. */
    static void load(KithApp app, DemoManifest manifest, Path demoDir, PrintStream out) throws Exception {
        for (DemoManifest.DataFile f : manifest.files()) {
            Source source = app.store().sources().byId(f.sourceId()).orElseThrow();
            out.printf("Importing %s as %s%n", f.file(), f.sourceId());
            ImportReport report = ImportCommand.importFile(app.log(), app.cards(), app.suppressions(), demoDir.resolve(f.file()),
                    ImportCommand.loadMapping(f.mapping().equals("segment") ? "segment" : demoDir.resolve(f.mapping()).toString()),
                    source, new ProgressBar(out));
            out.printf("  %,d accepted, %,d rejected (see GET /api/v1/quarantine)%n", report.eventsAccepted(), report.rowsRejected());
        }
        app.segments().ifPresent(engine -> {
            for (io.kith.segment.SegmentDefinition d : DemoSegments.all()) {
                engine.save(d);
            }
            // RFM is a property of everyone: computed in a whole pass, now that the demo's orders are in
            engine.recomputeNow();
            out.printf("Defined %d demo segments; computed traits, labels, RFM and segments are being computed%n", DemoSegments.all().size());
        });
        // The models and probable links run on schedules (daily, hourly): the demo shows them at once, on its data
        if (!app.projector().awaitApplied(app.log().endSequence(), Duration.ofMinutes(5))) {
            out.println("the demo's events are still being stored; models and probable links run at their schedule");
        } else {
            app.awaitProfilesWritten(Duration.ofMinutes(2));
            app.runJobsNow();
            out.println("Customer models (CLV, churn, clusters) and probable links are being computed");
        }
    }
}
