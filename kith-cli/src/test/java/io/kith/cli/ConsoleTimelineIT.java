package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.access.BrandScope;
import io.kith.identity.Identifier;
import io.kith.staff.StaffRole;
import io.kith.testkit.Sources;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The customer view's timeline over more events than a page, in a real headless Chromium: its first page comes with the
 * identifiers' events in one read, and a filter that passes over every one of them reads older events until a page is
 * full; "Older events" goes on from where the page ended.
 */
class ConsoleTimelineIT {
    private static final String PASSWORD = "a long test password";
    private static RunningKith kith;
    private static String customer;
    /** Three page views of May 2026, then two store orders of 2024 imported after them. */
    private static String withHistory;

    @BeforeAll
    static void start() throws Exception {
        kith = new RunningKith();
        kith.app.console().accounts().create("agent", StaffRole.SERVICE_AGENT, BrandScope.ALL, PASSWORD);
        // 30 purchases in a store, then 30 page views on the web: the newest page of the timeline holds no store event.
        send(Sources.POS.writeKey(), events("{\"type\":\"track\",\"userId\":\"u-many\",\"event\":\"Order Completed\",\"timestamp\":\"2026-05-01T10:%02d:00Z\"}"));
        send(Sources.WEB_SHOP.writeKey(), events("{\"type\":\"page\",\"userId\":\"u-many\",\"name\":\"Coats\",\"timestamp\":\"2026-05-02T10:%02d:00Z\"}"));
        send(Sources.WEB_SHOP.writeKey(), String.join(",", List.of(
                "{\"type\":\"page\",\"userId\":\"u-history\",\"name\":\"Boots\",\"timestamp\":\"2026-05-10T10:00:00Z\"}",
                "{\"type\":\"page\",\"userId\":\"u-history\",\"name\":\"Scarves\",\"timestamp\":\"2026-05-10T10:01:00Z\"}",
                "{\"type\":\"page\",\"userId\":\"u-history\",\"name\":\"Hats\",\"timestamp\":\"2026-05-10T10:02:00Z\"}")));
        send(Sources.POS.writeKey(), String.join(",", List.of(
                "{\"type\":\"track\",\"userId\":\"u-history\",\"event\":\"Order Completed\",\"timestamp\":\"2024-01-05T10:00:00Z\"}",
                "{\"type\":\"track\",\"userId\":\"u-history\",\"event\":\"Order Completed\",\"timestamp\":\"2024-02-05T10:00:00Z\"}")));
        kith.storedEvents();
        customer = kith.app.identity().read(g -> g.lookup(new Identifier("user_id", "u-many")).orElseThrow());
        withHistory = kith.app.identity().read(g -> g.lookup(new Identifier("user_id", "u-history")).orElseThrow());
    }

    private static String events(String format) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            out.add(String.format(format, i));
        }
        return String.join(",", out);
    }

    private static void send(String writeKey, String events) throws Exception {
        HttpResponse<String> r = kith.send(kith.post("/v1/batch", "{\"batch\":[" + events + "]}").header("Authorization", RunningKith.basic(writeKey)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        kith.close();
    }

    @Test
    void aFilteredTimelineReadsPastTheNewestPageAndPagesOn() {
        try (Browser b = new Browser("http://127.0.0.1:" + kith.app.port())) {
            b.signIn("agent", PASSWORD);
            b.open("/customers/" + customer);
            b.untilVisible("#timeline");
            assertThat(channels(b)).hasSize(25).containsOnly("web");
            assertThat(b.text("section[aria-labelledby=ids]")).contains("Stores POS"); // the source of the event that linked user_id u-many

            b.open("/customers/" + customer + "?channel=pos");
            b.untilVisible("#timeline");
            assertThat(channels(b)).hasSize(25).containsOnly("pos");
            b.driver.findElement(By.linkText("Older events")).click();
            b.untilVisible("#timeline");
            assertThat(channels(b)).hasSize(5).containsOnly("pos");
            assertThat(b.driver.findElements(By.linkText("Older events"))).isEmpty();
        }
    }

    @Test
    void anImportedHistoryComesWhereItHappenedNotAboveWhatHappenedSince() throws Exception {
        try (Browser b = new Browser("http://127.0.0.1:" + kith.app.port())) {
            b.signIn("agent", PASSWORD);
            b.open("/customers/" + withHistory);
            b.untilVisible("#timeline");
            assertThat(channels(b)).containsExactly("web", "web", "web", "pos", "pos");
            assertThat(b.driver.findElements(By.cssSelector(".timeline time")).stream().map(WebElement::getText).toList())
                    .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        }
        // the API's timeline is in the same order, and its cursor goes on from where a page ended
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        HttpResponse<String> first = kith.send(kith.get("/api/v1/profiles/" + withHistory + "/events?limit=4").header("Authorization", "Bearer " + RunningKith.ADMIN_KEY));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode page = m.readTree(first.body());
        assertThat(page.path("events").findValuesAsText("timestamp"))
                .containsExactly("2026-05-10T10:02:00Z", "2026-05-10T10:01:00Z", "2026-05-10T10:00:00Z", "2024-02-05T10:00:00Z");
        HttpResponse<String> second = kith.send(kith.get("/api/v1/profiles/" + withHistory + "/events?limit=4&before=" + page.path("next").asText())
                .header("Authorization", "Bearer " + RunningKith.ADMIN_KEY));
        com.fasterxml.jackson.databind.JsonNode rest = m.readTree(second.body());
        assertThat(rest.path("events").findValuesAsText("timestamp")).containsExactly("2024-01-05T10:00:00Z");
        assertThat(rest.path("next").isNull() || rest.path("next").isMissingNode()).isTrue();
        // a cursor of another person's timeline is a mistake said as one
        long foreign = kith.app.identity().read(g -> g.eventSequences(customer))[0];
        HttpResponse<String> wrong = kith.send(kith.get("/api/v1/profiles/" + withHistory + "/events?before=" + foreign)
                .header("Authorization", "Bearer " + RunningKith.ADMIN_KEY));
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(400);
    }

    private static List<String> channels(Browser b) {
        return b.driver.findElements(By.cssSelector(".timeline .channel")).stream().map(WebElement::getText).toList();
    }
}
