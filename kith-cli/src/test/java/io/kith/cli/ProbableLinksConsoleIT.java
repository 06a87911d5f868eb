package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.access.BrandScope;
import io.kith.identity.Identifier;
import io.kith.staff.StaffRole;
import io.kith.testkit.Sources;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The probable-links panel in a real browser: an agent says two probable duplicates are the same person (the page follows
 * the rebuild, then the customer holds both records and lists the decision), and withdraws it (two customers again). A
 * store clerk, who may neither see a customer's detail nor change identity, sees no panel and no button.
 */
@org.junit.jupiter.api.extension.ExtendWith(StoppableEmail.class)
class ProbableLinksConsoleIT {
    private static final String PASSWORD = "a long test password";

    @Test
    void anAgentAcceptsAProbableLinkFollowsTheRebuildAndWithdrawsIt() throws Exception {
        try (RunningKith kith = new RunningKith()) {
            kith.app.console().accounts().create("agent", StaffRole.SERVICE_AGENT, BrandScope.ALL, PASSWORD);
            kith.app.console().accounts().create("store", StaffRole.STORE_STAFF, BrandScope.ALL, PASSWORD);
            send(kith, Sources.CRM.writeKey(), "{\"type\":\"identify\",\"userId\":\"crm-1001\",\"traits\":{\"first_name\":\"Catherine\","
                    + "\"last_name\":\"Whitfield\",\"birthday\":\"1985-03-14\",\"email\":\"cathy.whitfield@example.com\"}}");
            send(kith, Sources.WEB_SHOP.writeKey(), "{\"type\":\"identify\",\"anonymousId\":\"anon-77\",\"traits\":{\"firstName\":\"Katherine\","
                    + "\"lastName\":\"Whitfield\",\"birthday\":\"1985-03-14\",\"email\":\"k.whitfield@mail.example\"}}");
            kith.storedEvents();
            String crm = profileOf(kith, "user_id", "crm-1001");
            String web = profileOf(kith, "anonymous_id", "anon-77");
            HttpResponse<String> run = kith.send(HttpRequest.newBuilder(URI.create(kith.url("/api/v1/identity/probable-links/run")))
                    .header("Authorization", "Bearer " + RunningKith.ADMIN_KEY).POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(run.statusCode()).isEqualTo(202);
            RunningKith.eventually(30, () -> assertThat(kith.app.store().probableLinks().all()).hasSize(1));

            try (Browser b = new Browser("http://127.0.0.1:" + kith.app.port())) {
                b.signIn("store", PASSWORD);
                b.open("/customers/" + crm);
                b.untilVisible("#who");
                assertThat(b.has("#probable")).isFalse();
                assertThat(b.has("form[action$='/same']")).isFalse();
            }
            try (Browser b = new Browser("http://127.0.0.1:" + kith.app.port())) {
                b.signIn("agent", PASSWORD);
                b.open("/customers/" + crm);
                b.untilVisible("#probable");
                // what matched, value by value, and her names and birth date as given: the birth date masked for an agent
                assertThat(b.text("section[aria-labelledby=probable]")).contains("last_name exact: ‘whitfield’ = ‘whitfield’")
                        .contains("first_name jw>=0.92: ‘catherine’ = ‘katherine’").contains("birthday exact: ‘••••14’").doesNotContain("1985-03-14");
                assertThat(b.text("section[aria-labelledby=history]")).contains("Also known as").contains("Catherine").contains("Whitfield")
                        .contains("••••14").doesNotContain("1985-03-14");
                b.driver.findElement(By.cssSelector("form[action='/customers/" + crm + "/probable-links/" + web + "/same'] button")).click();
                b.until(d -> d.findElement(By.cssSelector("[data-rebuild]")).getAttribute("data-rebuild").equals("done"));
                b.driver.findElement(By.linkText("Back to the customer")).click();
                b.untilVisible("#probable");
                assertThat(profileOf(kith, "anonymous_id", "anon-77")).isEqualTo(crm);
                assertThat(b.text("section[aria-labelledby=probable]")).contains("same person").contains(crm).contains(web);
                assertThat(b.text("section[aria-labelledby=why]")).contains("accepted probable link");

                b.driver.findElement(By.cssSelector("section[aria-labelledby=probable] form[action$='/withdraw'] button")).click();
                b.until(d -> d.findElement(By.cssSelector("[data-rebuild]")).getAttribute("data-rebuild").equals("done"));
                assertThat(profileOf(kith, "anonymous_id", "anon-77")).isEqualTo(web);
                b.driver.findElement(By.linkText("Back to the customer")).click();
                b.untilVisible("#probable");
                assertThat(b.has("section[aria-labelledby=probable] form[action$='/withdraw']")).isFalse();
            }
        }
    }

    /**
     * The identity page: a family e-mail that joined three people is listed as a shared value, which the matching run
     * stopped linking by itself (said so beside it); the three are contested links with what speaks against them. "Link
     * again" joins them once more and is shown as the admin's allowance; the admin's "Stop linking" splits them under the
     * admin's rule. A store clerk has no identity page.
     */
    @Test
    void anAdminStopsASharedValueLinkingAndSeesItsPeopleContested() throws Exception {
        // e-mail not shareable: the three are merged at resolution, and the run's rule is what parts them
        try (RunningKith kith = RunningKith.withIdentityRules(ProbableLinksIT.EMAIL_NOT_SHAREABLE)) {
            kith.app.console().accounts().create("boss", StaffRole.ADMIN, BrandScope.ALL, PASSWORD);
            kith.app.console().accounts().create("store", StaffRole.STORE_STAFF, BrandScope.ALL, PASSWORD);
            String[][] family = {{"John", "1961-01-09"}, {"Adaeze", "1994-07-23"}, {"Chidi", "1997-02-11"}};
            for (int i = 0; i < family.length; i++) {
                send(kith, Sources.WEB_SHOP.writeKey(), "{\"type\":\"identify\",\"anonymousId\":\"fam-" + i + "\",\"traits\":{\"first_name\":\""
                        + family[i][0] + "\",\"last_name\":\"Okafor\",\"birthday\":\"" + family[i][1] + "\",\"email\":\"okafor.family@example.net\"}}");
            }
            kith.storedEvents();
            assertThat(profileOf(kith, "anonymous_id", "fam-2")).isEqualTo(profileOf(kith, "anonymous_id", "fam-0"));
            HttpResponse<String> run = kith.send(HttpRequest.newBuilder(URI.create(kith.url("/api/v1/identity/probable-links/run")))
                    .header("Authorization", "Bearer " + RunningKith.ADMIN_KEY).POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(run.statusCode()).isEqualTo(202);
            RunningKith.eventually(30, () -> assertThat(kith.app.store().probableLinks().lastRun()).isPresent());

            try (Browser b = new Browser("http://127.0.0.1:" + kith.app.port())) {
                b.signIn("store", PASSWORD);
                assertThat(b.has("a[href='/identity']")).isFalse();
                b.open("/identity");
                assertThat(b.has("#i-shared")).isFalse();
            }
            try (Browser b = new Browser("http://127.0.0.1:" + kith.app.port())) {
                b.signIn("boss", PASSWORD);
                b.driver.findElement(By.cssSelector("a[href='/identity']")).click();
                b.untilVisible("#i-shared");
                // the run stopped the value by itself: the three are apart, contested, and the rule says who wrote it
                java.util.function.Supplier<java.util.Set<String>> people = () -> new java.util.HashSet<>(java.util.List.of(
                        profileOf(kith, "anonymous_id", "fam-0"), profileOf(kith, "anonymous_id", "fam-1"), profileOf(kith, "anonymous_id", "fam-2")));
                RunningKith.eventually(30, () -> assertThat(people.get()).hasSize(3));
                java.util.Set<String> apart = people.get();
                RunningKith.eventually(20, () -> {
                    b.open("/identity");
                    assertThat(b.text("section[aria-labelledby=i-shared]")).contains("okafor.family@example.net");
                    assertThat(b.driver.findElements(By.cssSelector("section[aria-labelledby=i-contested] tbody tr"))).hasSize(3);
                });
                assertThat(b.text("section[aria-labelledby=i-shared] [data-rule=learned]")).startsWith("Stopped by Kith: 3 people whose first names");
                String contested = b.text("section[aria-labelledby=i-contested]");
                assertThat(contested).contains("first_name else").contains("okafor.family@example.net");
                for (String id : apart) {
                    assertThat(b.has("section[aria-labelledby=i-contested] a[href='/customers/" + id + "']")).isTrue();
                }
                // "Link again": joined, remembered as the admin's allowance
                b.driver.findElement(By.cssSelector("form[action='/identity/shared/unblock'] button")).click();
                b.until(d -> d.findElement(By.cssSelector("[data-rebuild]")).getAttribute("data-rebuild").equals("done"));
                assertThat(profileOf(kith, "anonymous_id", "fam-2")).isEqualTo(profileOf(kith, "anonymous_id", "fam-0"));
                RunningKith.eventually(20, () -> {
                    b.open("/identity");
                    assertThat(b.text("section[aria-labelledby=i-contested]")).contains("No contested links");
                    assertThat(b.text("section[aria-labelledby=i-shared] [data-rule=allowed]")).contains("Allowed to link by an admin");
                });
                // the admin's own "Stop linking": apart again, under the admin's rule
                b.driver.findElement(By.cssSelector("form[action='/identity/shared/block'] button")).click();
                b.until(d -> d.findElement(By.cssSelector("[data-rebuild]")).getAttribute("data-rebuild").equals("done"));
                assertThat(people.get()).hasSize(3);
                b.open("/identity");
                assertThat(b.text("section[aria-labelledby=i-shared] [data-rule=admin]")).contains("Stopped by an admin");
            }
        }
    }

    /**
     * A couple's second sign-up with the family e-mail, held contested at resolution (default rules): the identity page lists
     * the pair under contested links with what speaks against them, with no run and no rule.
     */
    @Test
    void aCoupleHeldContestedAtResolutionIsListedOnTheIdentityPage() throws Exception {
        try (RunningKith kith = new RunningKith()) {
            kith.app.console().accounts().create("boss", StaffRole.ADMIN, BrandScope.ALL, PASSWORD);
            String[][] couple = {{"wife", "Adaeze", "1994-07-23"}, {"husband", "Chidi", "1991-02-11"}};
            for (String[] p : couple) {
                send(kith, Sources.WEB_SHOP.writeKey(), "{\"type\":\"identify\",\"anonymousId\":\"" + p[0] + "\",\"traits\":{\"first_name\":\""
                        + p[1] + "\",\"last_name\":\"Okafor\",\"birthday\":\"" + p[2] + "\",\"email\":\"the.okafors@example.net\"}}");
            }
            kith.storedEvents();
            String wife = profileOf(kith, "anonymous_id", "wife");
            String husband = profileOf(kith, "anonymous_id", "husband");
            assertThat(husband).isNotEqualTo(wife);
            try (Browser b = new Browser("http://127.0.0.1:" + kith.app.port())) {
                b.signIn("boss", PASSWORD);
                RunningKith.eventually(20, () -> {
                    b.open("/identity");
                    assertThat(b.driver.findElements(By.cssSelector("section[aria-labelledby=i-contested] tbody tr"))).hasSize(1);
                });
                assertThat(b.text("section[aria-labelledby=i-contested]")).contains("first_name else").contains("the.okafors@example.net");
                assertThat(b.has("section[aria-labelledby=i-contested] a[href='/customers/" + wife + "']")).isTrue();
                assertThat(b.has("section[aria-labelledby=i-contested] a[href='/customers/" + husband + "']")).isTrue();
            }
        }
    }

    private static void send(RunningKith kith, String writeKey, String event) throws Exception {
        HttpResponse<String> r = kith.send(kith.post("/v1/identify", event).header("Authorization", RunningKith.basic(writeKey)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static String profileOf(RunningKith kith, String type, String value) {
        return kith.app.identity().read(g -> g.lookup(new Identifier(type, value))).orElseThrow();
    }
}
