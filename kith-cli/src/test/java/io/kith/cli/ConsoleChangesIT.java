package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.access.BrandScope;
import io.kith.staff.StaffRole;
import io.kith.testkit.Sources;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * What an admin changes in the console is in the audit log (accounts, roles, sources, keys, segments, exports), an
 * account's brands must be brands Kith knows, a lookup that more customers match than it shows says so and offers more,
 * and a customer's name is the page's title as written. Its own Kith: {@link ConsoleIT} counts the events of its sources.
 */
class ConsoleChangesIT {
    private static final String PASSWORD = "a long test password";
    /** What the lookup shows at first, and at most when asked for more (CustomerScreens). */
    private static final int FIRST = 20;
    private static final int MORE = 200;
    private static final int NAMESAKES = FIRST + 5;
    private static RunningKith kith;

    @BeforeAll
    static void start() throws Exception {
        kith = new RunningKith();
        kith.app.console().accounts().create("admin", StaffRole.ADMIN, BrandScope.ALL, PASSWORD);
        StringBuilder batch = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < NAMESAKES; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"type\":\"identify\",\"userId\":\"q").append(i)
                    .append("\",\"traits\":{\"first_name\":\"Person").append(i).append("\",\"last_name\":\"Quillfeather\"}}");
        }
        batch.append(",{\"type\":\"identify\",\"userId\":\"zoe\",\"traits\":{\"first_name\":\"Zoë\",\"last_name\":\"O'Brien-Ünal\"}}]}");
        HttpResponse<String> r = kith.send(kith.post("/v1/batch", batch.toString()).header("Authorization", RunningKith.basic(Sources.WEB_SHOP.writeKey())));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        // one person in two brands: an identify and two page views at the telecom, an order at northwind's web shop
        r = kith.send(kith.post("/api/v1/sources", "{\"name\":\"Telecom web\",\"brand\":\"northwind-mobile\",\"kind\":\"web\"}")
                .header("Authorization", "Bearer " + RunningKith.ADMIN_KEY));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String telecomKey = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("writeKey").asText();
        r = kith.send(kith.post("/v1/batch", "{\"batch\":[{\"type\":\"identify\",\"userId\":\"two-brands\",\"traits\":{\"email\":\"tb@example.com\"}},"
                + "{\"type\":\"page\",\"userId\":\"two-brands\",\"name\":\"Plans\"},{\"type\":\"page\",\"userId\":\"two-brands\",\"name\":\"Phones\"}]}")
                .header("Authorization", RunningKith.basic(telecomKey)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        r = kith.send(kith.post("/v1/batch", "{\"batch\":[{\"type\":\"track\",\"userId\":\"two-brands\",\"event\":\"Order Completed\",\"properties\":{\"phone\":\"+447700900555\"},"
                + "\"context\":{\"traits\":{\"phone\":\"+447700900555\"}}}]}").header("Authorization", RunningKith.basic(Sources.WEB_SHOP.writeKey())));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        kith.app.console().accounts().create("agent-telco", StaffRole.SERVICE_AGENT, new BrandScope(java.util.Set.of("northwind-mobile")), PASSWORD);
        kith.storedEvents();
        RunningKith.eventually(60, () -> assertThat(kith.app.search().search("Quillfeather", 100)).hasSize(NAMESAKES));
    }

    @AfterAll
    static void stop() throws Exception {
        kith.close();
    }

    private static Browser signedIn() {
        Browser b = new Browser("http://127.0.0.1:" + kith.app.port());
        b.signIn("admin", PASSWORD);
        return b;
    }

    /** Fills the accounts page's "New account" form and sends it. */
    private static void createAccount(Browser b, String username, String role, String brands) {
        b.driver.findElement(By.id("a-user")).sendKeys(username);
        new Select(b.driver.findElement(By.id("a-role"))).selectByValue(role);
        b.driver.findElement(By.id("a-brands")).sendKeys(brands);
        b.driver.findElement(By.id("a-pass")).sendKeys(PASSWORD);
        b.driver.findElement(By.cssSelector("form[action='/accounts'] button")).click();
    }

    @Test
    void everyChangeAnAdminMakesIsInTheAuditLog() {
        try (Browser b = signedIn()) {
            b.open("/accounts");
            createAccount(b, "mk-test", "marketer", "northwnd");
            b.untilVisible("p.error");
            assertThat(b.text("p.error")).contains("no source has the brand \"northwnd\"").contains("northwind");
            assertThat(b.text("table")).doesNotContain("mk-test");

            createAccount(b, "mk-test", "marketer", "northwind");
            b.untilVisible("p.notice");
            assertThat(b.text("p.notice")).contains("Account mk-test created");

            WebElement row = b.driver.findElement(By.xpath("//tr[td[1][text()='mk-test']]"));
            new Select(row.findElement(By.cssSelector("select[name=role]"))).selectByValue("store_staff");
            row.findElement(By.cssSelector("button")).click();
            b.untilVisible("p.notice");
            assertThat(b.text("p.notice")).contains("mk-test is now store staff");

            b.open("/sources");
            b.driver.findElement(By.id("s-name")).sendKeys("Kiosk");
            b.driver.findElement(By.id("s-brand")).sendKeys("northwind");
            b.driver.findElement(By.cssSelector("form[action='/sources'] button")).click();
            b.untilVisible("#write-key");
            b.open("/sources");
            b.driver.findElement(By.cssSelector("button[aria-label='Rotate the write key of Kiosk']")).click();
            b.untilVisible("#write-key");

            b.open("/segments/new");
            b.driver.findElement(By.id("key")).sendKeys("everyone-named");
            b.driver.findElement(By.id("condition")).sendKeys("trait last_name = \"Quillfeather\"");
            b.until(d -> !d.findElements(By.cssSelector("#diagnostics .valid")).isEmpty());
            b.driver.findElement(By.cssSelector("button[value=save]")).click();
            b.until(d -> d.getCurrentUrl().endsWith("/segments/everyone-named"));
            b.open("/segments/everyone-named/members.csv");

            b.open("/audit");
            String audit = b.text("table");
            assertThat(audit).contains("console create account (marketer, brands northwind)")
                    .contains("console change role (store_staff, brands northwind)")
                    .contains("console create source")
                    .contains("console rotate write key")
                    .contains("console save segment v1")
                    .contains("console export segment members");
            assertThat(audit).as("no password, no write key in the log").doesNotContain(PASSWORD).doesNotContain("wk_");
        }
    }

    @Test
    void aLookupThatMoreCustomersMatchSaysSoAndOffersMore() {
        try (Browser b = signedIn()) {
            b.open("/lookup?q=Quillfeather");
            b.untilVisible("p[role=status]");
            assertThat(b.driver.findElements(By.cssSelector(".result"))).hasSize(FIRST);
            assertThat(b.text("p[role=status]")).contains("more customers match").doesNotContain("customers found");
            b.driver.findElement(By.linkText("Show up to " + MORE)).click();
            b.untilVisible("p[role=status]");
            assertThat(b.driver.findElements(By.cssSelector(".result"))).hasSize(NAMESAKES);
            assertThat(b.text("p[role=status]")).isEqualTo(NAMESAKES + " customers found");
        }
    }

    @Test
    void aBrowserAtAnAddressTheConsoleDoesNotHaveSeesItsNotFoundPageAndAnApiClientAProblem() throws Exception {
        try (Browser b = signedIn()) {
            for (String path : new String[] {"/nope", "/customers/", "/logout"}) {
                b.open(path);
                assertThat(b.text("h1")).as(path).isEqualTo("Not found");
                assertThat(b.has(".top nav a[href='/lookup']")).as("the signed-in navigation, on %s", path).isTrue();
            }
        }
        HttpResponse<String> api = kith.send(kith.get("/nope"));
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    @Test
    void anAccountLimitedToABrandCountsAndSeesThatBrandsEventsOnly() {
        String id = kith.app.identity().read(g -> g.lookup(new io.kith.identity.Identifier("user_id", "two-brands")).orElseThrow());
        try (Browser b = new Browser("http://127.0.0.1:" + kith.app.port())) {
            b.signIn("agent-telco", PASSWORD);
            b.open("/customers/" + id);
            b.untilVisible("#timeline");
            assertThat(b.text("#who ~ p")).contains("3 events").contains("brands northwind-mobile (and 1 other)").doesNotContain("northwind,");
            assertThat(b.driver.findElements(By.cssSelector(".timeline .event"))).hasSize(3);
            assertThat(b.text("section[aria-labelledby=ids]")).contains("Telecom web").doesNotContain("Web shop");
        }
        try (Browser b = signedIn()) { // an account of every brand sees every event
            b.open("/customers/" + id);
            b.untilVisible("#timeline");
            assertThat(b.text("#who ~ p")).contains("4 events").contains("brands northwind, northwind-mobile");
        }
    }

    @Test
    void aCustomersNameIsThePageTitleAsWritten() {
        String zoe = kith.app.identity().read(g -> g.lookup(new io.kith.identity.Identifier("user_id", "zoe")).orElseThrow());
        try (Browser b = signedIn()) {
            b.open("/customers/" + zoe);
            b.untilVisible("#who");
            assertThat(b.text("#who")).isEqualTo("Zoë O'Brien-Ünal");
            assertThat(b.driver.getTitle()).isEqualTo("Zoë O'Brien-Ünal · Kith");
        }
    }
}
