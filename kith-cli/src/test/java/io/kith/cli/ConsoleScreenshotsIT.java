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
            // loaded as kith serve --demo loads it: the files, the demo segments, a whole pass, the models
            DemoLoad.load(app, manifest, demo, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            kith.storedEvents();
            app.segments().orElseThrow().awaitIdle(Duration.ofSeconds(60));
            // a family e-mail three people gave (the demo's couples share one between two, which the matcher does not report):
            // the identity page's shared value, and once it is stopped from linking, its contested links
            String webKey = new com.fasterxml.jackson.databind.ObjectMapper().readTree(demo.resolve("sources.json").toFile()).path("sources").get(0)
                    .path("writeKey").asText();
            String[][] family = {{"John", "1961-01-09"}, {"Adaeze", "1994-07-23"}, {"Chidi", "1997-02-11"}};
            for (int i = 0; i < family.length; i++) {
                java.net.http.HttpResponse<String> sent = kith.send(kith.post("/v1/batch", "{\"batch\":[{\"type\":\"identify\",\"anonymousId\":\"fam-" + i
                        + "\",\"traits\":{\"first_name\":\"" + family[i][0] + "\",\"last_name\":\"Okafor\",\"birthday\":\"" + family[i][1]
                        + "\",\"email\":\"okafor.family@example.net\"}}]}").header("Authorization", RunningKith.basic(webKey)));
                assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
            }
            kith.storedEvents();
            // as the nightly matching run does: shared identifiers and contested links for the identity page
            java.net.http.HttpResponse<String> run = kith.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(kith.url("/api/v1/identity/probable-links/run")))
                    .header("Authorization", "Bearer " + RunningKith.ADMIN_KEY).POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
            assertThat(run.statusCode()).isEqualTo(202);
            RunningKith.eventually(120, () -> assertThat(app.store().probableLinks().lastRun()).isPresent());
            // and the customer models' run, for the CLV and churn-risk distributions
            java.net.http.HttpResponse<String> models = kith.send(kith.post("/api/v1/models/run", "{}").header("Authorization", "Bearer " + RunningKith.ADMIN_KEY));
            assertThat(models.statusCode()).as(models.body()).isEqualTo(202);
            RunningKith.eventually(120, () -> assertThat(app.store().values().names(io.kith.segment.ProfileValue.Namespace.MODEL)).contains("clv_12m", "churn_risk"));
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
                // a brand's tab: its RFM grid from its own pass, its customers' model results and label distributions
                String brand = app.store().sources().all().stream().collect(java.util.stream.Collectors.groupingBy(io.kith.source.Source::brand,
                        java.util.TreeMap::new, java.util.stream.Collectors.counting())).entrySet().stream().max(java.util.Map.Entry.comparingByValue())
                        .orElseThrow().getKey(); // the brand with the most sources

                b.driver.findElement(By.linkText(brand)).click();
                b.until(d -> d.getCurrentUrl().contains("brand="));
                b.untilVisible("section[aria-labelledby=d-labels]");
                shot(b, out, "dashboard-brand.png", "nav[aria-label^='Brand of']");
                b.open("/identity");
                b.untilVisible("#i-shared");
                b.driver.findElement(By.cssSelector("form[action='/identity/shared/block'] button")).click();
                b.until(d -> d.findElement(By.cssSelector("[data-rebuild]")).getAttribute("data-rebuild").equals("done"));
                RunningKith.eventually(30, () -> {
                    b.open("/identity");
                    assertThat(b.driver.findElements(By.cssSelector("section[aria-labelledby=i-contested] tbody tr"))).hasSize(3);
                });
                shot(b, out, "identity.png");
            }
        }
    }

    private static void shot(Browser b, Path out, String name) throws Exception {
        shot(b, out, name, null);
    }

    /** A screenshot of the page from the element {@code from} selects down (from the top when null). */
    private static void shot(Browser b, Path out, String name, String from) throws Exception {
        // the window's height is the page's plus what the browser keeps for itself (its frame: about 140 pixels headless)
        long height = (Long) b.driver.executeScript("return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight");
        b.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, (int) Math.min(2400, Math.max(900, height))));
        if (from != null) {
            b.driver.executeScript("document.querySelector(arguments[0]).scrollIntoView()", from);
        }
        Files.write(out.resolve(name), b.driver.getScreenshotAs(OutputType.BYTES));
        b.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
    }
}
