package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.access.BrandScope;
import io.kith.demo.DemoGenerator;
import io.kith.demo.DemoManifest;
import io.kith.demo.DemoSpec;
import io.kith.profile.Profile;
import io.kith.staff.StaffRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;

/**
 * Takes the screenshots of docs/screenshots from demo data (300 generated customers, imported as {@code kith serve --demo}
 * does): {@code ./mvnw verify -pl ...,kith-cli -Dit.test=ConsoleScreenshotsIT -Dkith.screenshots=$PWD/docs/screenshots}.
 * Skipped unless that property names the folder.
 */
@EnabledIfSystemProperty(named = "kith.screenshots", matches = ".+")
class ConsoleScreenshotsIT {
    private static final String PASSWORD = "screenshot password";

    @Test
    void mainScreens() throws Exception {
        Path out = Path.of(System.getProperty("kith.screenshots"));
        Files.createDirectories(out);
        Path dir = Files.createTempDirectory("kith-shots");
        Path demo = dir.resolve("demo");
        java.time.Instant today = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        DemoManifest manifest = DemoGenerator.generate(new DemoSpec(300, 42, today.minus(Duration.ofDays(200)), today), demo);
        KithApp app = KithApp.start(new KithApp.Settings(dir.resolve("data"), "127.0.0.1", 0, RunningKith.ADMIN_KEY, demo.resolve("sources.json"),
                io.kith.event.IngestLimits.SEGMENT, 256L << 20, TestStores.newStore()));
        try (RunningKith kith = new RunningKith(app)) {
            for (DemoManifest.DataFile f : manifest.files()) {
                ImportCommand.importFile(app.log(), app.cards(), demo.resolve(f.file()),
                        ImportCommand.loadMapping(f.mapping().equals("segment") ? "segment" : demo.resolve(f.mapping()).toString()),
                        app.store().sources().byId(f.sourceId()).orElseThrow(), new ProgressBar(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())));
            }
            kith.storedEvents();
            app.awaitProfilesWritten(Duration.ofSeconds(30));
            // as kith serve --demo does: the demo segments, and a whole pass for RFM, labels and segments
            for (io.kith.segment.SegmentDefinition d : DemoSegments.all()) {
                app.segments().orElseThrow().save(d);
            }
            app.segments().orElseThrow().recomputeNow();
            app.segments().orElseThrow().awaitIdle(Duration.ofSeconds(60));
            app.console().accounts().create("admin", StaffRole.ADMIN, BrandScope.ALL, PASSWORD);
            // the customer with the most events, and a phone number: a full timeline
            Profile busiest = app.identity().read(g -> {
                Profile best = null;
                for (int i = 0; i < 400; i++) {
                    var p = g.profile(io.kith.identity.IdentityGraph.profileId(i));
                    if (p.isPresent() && p.get().identifiers().stream().anyMatch(x -> x.type().equals("phone"))
                            && (best == null || p.get().eventCount() > best.eventCount())) {
                        best = p.get();
                    }
                }
                return best;
            });
            assertThat(busiest).isNotNull();
            String phone = busiest.identifiers().stream().filter(x -> x.type().equals("phone")).findFirst().orElseThrow().value();
            try (Browser b = new Browser("http://127.0.0.1:" + app.port())) {
                b.signIn("admin", PASSWORD);
                b.open("/lookup");
                b.driver.findElement(By.id("q")).sendKeys(phone.replace("+44", "0").replaceAll("(\\d{5})(\\d+)", "$1 $2"));
                b.driver.findElement(By.cssSelector("form.search button")).click();
                b.untilVisible(".results");
                shot(b, out, "lookup.png");
                b.open("/customers/" + busiest.id());
                b.untilVisible("#timeline");
                shot(b, out, "customer.png");
                b.open("/segments/new");
                b.driver.findElement(By.id("key")).sendKeys("repeat-buyers");
                b.driver.findElement(By.id("name")).sendKeys("Repeat buyers");
                b.driver.findElement(By.id("condition")).sendKeys("count(\"Order Complete\") >= 2");
                b.untilVisible("#diagnostics .problems");
                shot(b, out, "segment-builder.png");
                b.driver.findElement(By.id("condition")).clear();
                b.driver.findElement(By.id("condition")).sendKeys("count(\"Order Completed\") >= 2");
                b.driver.findElement(By.cssSelector("button[value=save]")).click();
                b.until(d -> d.getCurrentUrl().endsWith("/segments/repeat-buyers"));
                app.segments().orElseThrow().awaitIdle(Duration.ofSeconds(30));
                b.open("/segments/repeat-buyers");
                shot(b, out, "segment.png");
                b.open("/dashboard");
                shot(b, out, "dashboard.png");
            }
        }
    }

    private static void shot(Browser b, Path out, String name) throws Exception {
        long height = (Long) b.driver.executeScript("return document.documentElement.scrollHeight");
        b.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, (int) Math.min(2400, Math.max(900, height))));
        Files.write(out.resolve(name), b.driver.getScreenshotAs(OutputType.BYTES));
        b.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
    }
}
