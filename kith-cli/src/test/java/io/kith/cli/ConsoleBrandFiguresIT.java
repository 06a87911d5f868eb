package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kith.access.BrandScope;
import io.kith.identity.Identifier;
import io.kith.profile.ProfileValueStore.Computed;
import io.kith.segment.ProfileValue.Namespace;
import io.kith.staff.StaffRole;
import io.kith.testkit.Sources;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard's figures per brand in a real headless Chromium: Ann is a customer of northwind, Tom of northwind-mobile,
 * each with a label value and model results of their own; an account of one brand sees its brand's RFM grid, model
 * results and label distributions and nothing of the other's, whatever it asks for; an account of every brand chooses
 * a brand or all brands with the tabs.
 */
class ConsoleBrandFiguresIT {
    private static final String PASSWORD = "a long test password";
    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    private static RunningKith kith;

    @BeforeAll
    static void start() throws Exception {
        kith = new RunningKith();
        kith.app.store().sources().put(Sources.TELECOM_WEB);
        var accounts = kith.app.console().accounts();
        accounts.create("admin", StaffRole.ADMIN, BrandScope.ALL, PASSWORD);
        accounts.create("marketer-mobile", StaffRole.MARKETER, new BrandScope(Set.of("northwind-mobile")), PASSWORD);
        send(Sources.WEB_SHOP.writeKey(), "{\"type\":\"identify\",\"userId\":\"ann\",\"timestamp\":\"2026-05-01T10:00:00Z\",\"traits\":{\"email\":\"ann@example.com\"}}");
        send(Sources.POS.writeKey(), "{\"type\":\"track\",\"userId\":\"ann\",\"event\":\"Order Completed\",\"timestamp\":\"2026-05-03T10:00:00Z\","
                + "\"properties\":{\"total\":120.5}}");
        send(Sources.TELECOM_WEB.writeKey(), "{\"type\":\"identify\",\"userId\":\"tom\",\"timestamp\":\"2026-05-01T11:00:00Z\",\"traits\":{\"email\":\"tom@example.com\"}}");
        send(Sources.TELECOM_WEB.writeKey(), "{\"type\":\"track\",\"userId\":\"tom\",\"event\":\"Order Completed\",\"timestamp\":\"2026-05-02T10:00:00Z\","
                + "\"properties\":{\"total\":40}}");
        kith.storedEvents();
        assertThat(kith.app.awaitProfilesWritten(Duration.ofSeconds(10))).isTrue();
        kith.app.segments().orElseThrow().recomputeNow();
        assertThat(kith.app.segments().orElseThrow().awaitIdle(Duration.ofSeconds(30))).isTrue();
        String ann = kith.app.identity().read(g -> g.lookup(new Identifier("user_id", "ann")).orElseThrow());
        String tom = kith.app.identity().read(g -> g.lookup(new Identifier("user_id", "tom")).orElseThrow());
        // a label of our own and the model run's outputs, as a label definition and ModelRun store them
        Instant now = Instant.now();
        kith.app.store().values().put(List.of(new Computed(ann, Namespace.LABEL, "test_tier", N.textNode("gold"), 1, now),
                new Computed(tom, Namespace.LABEL, "test_tier", N.textNode("bronze"), 1, now),
                new Computed(ann, Namespace.MODEL, "clv_12m", N.numberNode(new BigDecimal("120.50")), 1, now),
                new Computed(tom, Namespace.MODEL, "clv_12m", N.numberNode(new BigDecimal("3000")), 1, now),
                new Computed(ann, Namespace.MODEL, "churn_risk", N.numberNode(new BigDecimal("0.15")), 1, now),
                new Computed(tom, Namespace.MODEL, "churn_risk", N.numberNode(new BigDecimal("0.95")), 1, now)));
    }

    private static void send(String writeKey, String event) throws Exception {
        HttpResponse<String> r = kith.send(kith.post("/v1/batch", "{\"batch\":[" + event + "]}").header("Authorization", RunningKith.basic(writeKey)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        kith.close();
    }

    private static Browser browser() {
        return new Browser("http://127.0.0.1:" + kith.app.port());
    }

    private static String labelsOf(Browser b) {
        return b.driver.findElement(By.cssSelector("section[aria-labelledby=d-labels] svg[aria-label^=test_tier]")).getAttribute("aria-label");
    }

    private static String chartOf(Browser b, String label) {
        return b.driver.findElement(By.cssSelector("section[aria-labelledby=d-models] svg[aria-label^='" + label + "']")).getAttribute("aria-label");
    }

    @Test
    void anAccountOfOneBrandSeesItsBrandsDistributionsAndNotAnothers() {
        try (Browser b = browser()) {
            b.signIn("marketer-mobile", PASSWORD);
            for (String path : List.of("/dashboard", "/dashboard?brand=northwind")) { // asking for another brand answers its own
                b.open(path);
                b.untilVisible("section[aria-labelledby=d-labels]");
                assertThat(b.has("nav[aria-label^='Brand of']")).isFalse(); // one brand: nothing to choose
                assertThat(b.text("section[aria-labelledby=d-labels]")).contains("Customers of brand northwind-mobile");
                assertThat(labelsOf(b)).contains("bronze 1").doesNotContain("gold");
                assertThat(b.text("section[aria-labelledby=d-models]")).contains("Customers of brand northwind-mobile").contains("Customers scored: 1")
                        .contains("3,000 in all");
                assertThat(chartOf(b, "Customers by 12-month CLV")).contains("2500 and more 1").contains("100 – 250 0");
                assertThat(chartOf(b, "Customers by churn risk")).contains("0.9 – 1 1").contains("0.1 – 0.2 0");
                assertThat(b.text("section[aria-labelledby=d-rfm]")).contains("brand northwind-mobile");
                assertThat(b.has("section[aria-labelledby=d-seg]")).isFalse();
            }
        }
    }

    @Test
    void anAccountOfEveryBrandChoosesABrandOrAllBrands() {
        try (Browser b = browser()) {
            b.signIn("admin", PASSWORD);
            b.open("/dashboard");
            b.untilVisible("nav[aria-label^='Brand of']");
            assertThat(b.driver.findElements(By.cssSelector("nav[aria-label^='Brand of'] a"))).extracting(WebElement::getText)
                    .containsExactly("All brands", "northwind", "northwind-mobile");
            assertThat(labelsOf(b)).contains("gold 1").contains("bronze 1");
            assertThat(b.text("section[aria-labelledby=d-models]")).contains("Customers of all brands").contains("Customers scored: 2");

            b.driver.findElement(By.linkText("northwind")).click();
            b.until(d -> d.getCurrentUrl().endsWith("/dashboard?brand=northwind"));
            b.untilVisible("section[aria-labelledby=d-labels]");
            assertThat(b.text("nav[aria-label^='Brand of'] a[aria-current]")).isEqualTo("northwind");
            assertThat(labelsOf(b)).contains("gold 1").doesNotContain("bronze");
            assertThat(chartOf(b, "Customers by 12-month CLV")).contains("100 – 250 1").contains("2500 and more 0");
            assertThat(b.text("section[aria-labelledby=d-rfm]")).contains("brand northwind");
        }
    }
}
