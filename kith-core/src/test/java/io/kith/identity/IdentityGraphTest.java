package io.kith.identity;

import static io.kith.identity.TestEvents.CRM;
import static io.kith.identity.TestEvents.POS;
import static io.kith.identity.TestEvents.T0;
import static io.kith.identity.TestEvents.WEB;
import static io.kith.identity.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityGraphTest {
    private final List<IdentityAlert> alerts = new ArrayList<>();
    private final IdentityGraph graph = new IdentityGraph(IdentityRules.defaults(), IdentityOverrides.NONE, TestEvents::info, alerts::add);
    private long seq;

    private String apply(io.kith.event.Event e) {
        return graph.apply(seq++, e).orElse(null);
    }

    private List<String> ids(String profileId) {
        return graph.profile(profileId).orElseThrow().identifiers().stream().map(i -> i.type() + ":" + i.value()).toList();
    }

    @Test
    void profileIdsPageThroughTheLiveProfilesOldestFirstSkippingMergedOnes() {
        String a = apply(event("{\"type\":\"identify\",\"userId\":\"u1\"}"));
        String b = apply(event("{\"type\":\"identify\",\"anonymousId\":\"c2\"}"));
        String c = apply(event("{\"type\":\"identify\",\"anonymousId\":\"c3\"}"));
        apply(event("{\"type\":\"identify\",\"userId\":\"u1\",\"anonymousId\":\"c2\"}")); // b merges into a
        assertThat(graph.profileIds(-1, 10)).containsExactly(a, c);
        List<String> paged = new ArrayList<>();
        for (List<String> page = graph.profileIds(-1, 1); !page.isEmpty();
             page = graph.profileIds(IdentityGraph.createdSequence(page.get(page.size() - 1)), 1)) {
            paged.addAll(page);
        }
        assertThat(paged).containsExactly(a, c).doesNotContain(b);
        assertThat(IdentityGraph.createdSequence(IdentityGraph.profileId(123_456))).isEqualTo(123_456);
        assertThat(IdentityGraph.createdSequence("x_1")).isEqualTo(-1);
    }

    @Test
    void anonymousBrowsingBecomesAKnownCustomerAcrossDevicesAndChannels() {
        String phone = apply(event("{\"type\":\"page\",\"anonymousId\":\"phone-cookie\"}"));
        String login = apply(event("{\"type\":\"identify\",\"anonymousId\":\"phone-cookie\",\"userId\":\"u1\",\"traits\":{\"email\":\" Ada@Example.COM \"}}"));
        String laptop = apply(event("{\"type\":\"identify\",\"anonymousId\":\"laptop-cookie\",\"userId\":\"u1\"}"));
        String store = apply(event(POS, "{\"type\":\"track\",\"event\":\"Order Completed\",\"anonymousId\":\"receipt-9\","
                + "\"context\":{\"traits\":{\"phone\":\"07700 900123\"},\"externalIds\":[{\"type\":\"loyalty_card\",\"id\":\"LC-1\"}]}}", T0));
        String crm = apply(event(CRM, "{\"type\":\"identify\",\"anonymousId\":\"crm-1\",\"traits\":{\"email\":\"ada@example.com\","
                + "\"phone\":\"+44 7700 900123\",\"first_name\":\"Ada\"}}", T0));
        assertThat(login).isEqualTo(phone).isEqualTo(laptop);
        assertThat(crm).isEqualTo(phone);
        assertThat(graph.canonical(store)).contains(phone);
        assertThat(ids(phone)).containsExactly("anonymous_id:crm-1", "anonymous_id:laptop-cookie", "anonymous_id:phone-cookie",
                "anonymous_id:receipt-9", "email:ada@example.com", "loyalty_card:LC-1", "phone:+447700900123", "user_id:u1");
        Profile p = graph.profile(phone).orElseThrow();
        assertThat(p.id()).isEqualTo("p_0");
        assertThat(p.mergedFrom()).containsExactly(store);
        assertThat(p.sources()).containsExactly("src_crm", "src_pos", "src_web");
        assertThat(p.brands()).containsExactly("freshmart", "northwind");
        assertThat(p.eventCount()).isEqualTo(5);
        assertThat(graph.lookup(new Identifier("phone", "+447700900123"))).contains(phone);
        assertThat(graph.profileCount()).isEqualTo(1);
    }

    @Test
    void twoDifferentUserIdsNeverShareAProfileAndTheRefusalIsRecorded() {
        String a = apply(event("{\"type\":\"identify\",\"userId\":\"alice\",\"anonymousId\":\"family-tablet\"}"));
        String b = apply(event("{\"type\":\"identify\",\"userId\":\"bob\",\"anonymousId\":\"family-tablet\"}"));
        assertThat(b).isNotEqualTo(a);
        assertThat(ids(a)).containsExactly("anonymous_id:family-tablet", "user_id:alice");
        assertThat(ids(b)).containsExactly("user_id:bob");
        assertThat(graph.explain(b)).anySatisfy(d -> assertThat(d).isInstanceOfSatisfying(Decision.Refused.class, r -> {
            assertThat(r.identifier()).isEqualTo(new Identifier("anonymous_id", "family-tablet"));
            assertThat(r.reason()).contains("limit of 1 user_id");
        }));
        assertThat(alerts).anySatisfy(al -> assertThat(al.kind()).isEqualTo(IdentityAlert.Kind.LIMIT_REACHED));
    }

    @Test
    void aSharedTabletDoesNotJoinTwoKnownPeople() {
        String mum = apply(event("{\"type\":\"identify\",\"anonymousId\":\"tablet\",\"traits\":{\"email\":\"mum@example.com\"}}"));
        String son = apply(event("{\"type\":\"identify\",\"anonymousId\":\"tablet\",\"traits\":{\"email\":\"son@example.com\"}}"));
        String browsing = apply(event("{\"type\":\"page\",\"anonymousId\":\"tablet\"}"));
        assertThat(son).isNotEqualTo(mum);
        assertThat(browsing).isEqualTo(mum);
        assertThat(ids(son)).containsExactly("email:son@example.com");
        assertThat(graph.explain(son)).anySatisfy(d -> assertThat(d).isInstanceOfSatisfying(Decision.Refused.class, r -> {
            assertThat(r.rule()).isEqualTo(RefusalRule.SHARED_DEVICE);
            assertThat(r.reason()).startsWith("shared device");
        }));
        assertThat(alerts).anySatisfy(a -> {
            assertThat(a.kind()).isEqualTo(IdentityAlert.Kind.SHARED_DEVICE); // reported as such, not as a limit
            assertThat(a.identifierType()).isEqualTo("anonymous_id");
        });
    }

    @Test
    void anEmailSharedByTwoLoggedInUsersDoesNotMergeThem() {
        String a = apply(event("{\"type\":\"identify\",\"userId\":\"alice\",\"traits\":{\"email\":\"home@example.com\"}}"));
        String b = apply(event("{\"type\":\"identify\",\"userId\":\"bob\",\"traits\":{\"email\":\"home@example.com\"}}"));
        assertThat(a).isNotEqualTo(b);
        assertThat(ids(b)).containsExactly("user_id:bob");
    }

    @Test
    void blockedPlaceholdersAndInvalidPhonesNeverLink() {
        String a = apply(event("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"email\":\"test@test.com\",\"phone\":\"0000000000\"}}"));
        String b = apply(event("{\"type\":\"identify\",\"userId\":\"u2\",\"traits\":{\"email\":\"TEST@test.com\",\"phone\":\"12\"}}"));
        String c = apply(event("{\"type\":\"track\",\"event\":\"X\",\"anonymousId\":\"anonymous\"}"));
        assertThat(a).isNotEqualTo(b);
        assertThat(c).isNull();
        assertThat(ids(a)).containsExactly("user_id:u1");
        assertThat(graph.explain(b)).filteredOn(d -> d instanceof Decision.Refused).extracting(d -> ((Decision.Refused) d).reason())
                .anyMatch(r -> r.contains("blocked")).anyMatch(r -> r.contains("not a possible phone number"));
        assertThat(graph.unresolvedEvents()).isEqualTo(1);
    }

    @Test
    void anonymousIdsAreLimitedPerWeekNotForever() {
        String p = null;
        for (int i = 0; i < 30; i++) {
            p = graph.apply(seq++, event(WEB, "{\"type\":\"identify\",\"userId\":\"u1\",\"anonymousId\":\"cookie-" + i + "\"}",
                    T0.plus(Duration.ofHours(i)))).orElseThrow();
        }
        long anonymous = graph.profile(p).orElseThrow().identifiers().stream().filter(i -> i.type().equals("anonymous_id")).count();
        assertThat(anonymous).isEqualTo(25);
        String later = graph.apply(seq++, event(WEB, "{\"type\":\"identify\",\"userId\":\"u1\",\"anonymousId\":\"cookie-next-month\"}",
                T0.plus(Duration.ofDays(30)))).orElseThrow();
        assertThat(later).isEqualTo(p);
        assertThat(ids(p)).contains("anonymous_id:cookie-next-month");
    }

    @Test
    void traitsFollowTheLatestEventUnlessAPrioritySourceSaidOtherwise() {
        String p = graph.apply(seq++, event(CRM, "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"first_name\":\"Margaret\",\"plan\":\"gold\"}}", T0)).orElseThrow();
        graph.apply(seq++, event(WEB, "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"first_name\":\"Maggie\",\"plan\":\"silver\"}}",
                T0.plusSeconds(60)));
        graph.apply(seq++, event(WEB, "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"plan\":\"bronze\"}}", T0.minusSeconds(60)));
        Profile profile = graph.profile(p).orElseThrow();
        assertThat(profile.traits().get("first_name").value().asText()).isEqualTo("Margaret");
        assertThat(profile.traits().get("first_name").sourceId()).isEqualTo("src_crm");
        assertThat(profile.traits().get("plan").value().asText()).isEqualTo("silver");
        assertThat(profile.traits().get("plan").at()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void aGiantProfileIsReportedOnce() {
        IdentityGraph small = new IdentityGraph(IdentityRules.withOverrides(new java.io.ByteArrayInputStream(
                "{\"giantProfileIdentifiers\": 5}".getBytes()), "test"), IdentityOverrides.NONE, TestEvents::info, alerts::add);
        for (int i = 0; i < 12; i++) {
            small.apply(i, event("{\"type\":\"identify\",\"userId\":\"kiosk\",\"anonymousId\":\"visitor-" + i + "\"}"));
        }
        assertThat(alerts).filteredOn(a -> a.kind() == IdentityAlert.Kind.GIANT_PROFILE).hasSize(1)
                .first().satisfies(a -> assertThat(a.detail()).contains("threshold 5"));
    }

    @Test
    void explainShowsWhyTwoIdentifiersAreOnePerson() {
        apply(event("{\"type\":\"identify\",\"anonymousId\":\"a1\",\"traits\":{\"email\":\"x@example.com\"}}"));
        apply(event("{\"type\":\"identify\",\"anonymousId\":\"a2\",\"userId\":\"u9\"}"));
        apply(event("{\"type\":\"identify\",\"anonymousId\":\"a2\",\"traits\":{\"email\":\"x@example.com\"}}"));
        List<Decision> why = graph.why(new Identifier("anonymous_id", "a1"), new Identifier("user_id", "u9"));
        assertThat(why).anySatisfy(d -> assertThat(d).isInstanceOf(Decision.Merged.class));
        assertThat(why).extracting(Decision::sequence).contains(0L, 1L, 2L);
        Decision.Merged m = (Decision.Merged) why.stream().filter(d -> d instanceof Decision.Merged).findFirst().orElseThrow();
        assertThat(m.absorbed()).isEqualTo("p_1");
        assertThat(m.sequence()).isEqualTo(2);
    }

    @Test
    void aDistinctOverrideKeepsTwoIdentifiersApart() {
        IdentityGraph g = new IdentityGraph(IdentityRules.defaults(), IdentityOverrides.NONE.withDistinct(
                new Identifier("anonymous_id", "a1"), new Identifier("email", "x@example.com")), TestEvents::info, alerts::add);
        String p1 = g.apply(0, event("{\"type\":\"identify\",\"anonymousId\":\"a1\",\"userId\":\"u1\"}")).orElseThrow();
        String p2 = g.apply(1, event("{\"type\":\"identify\",\"anonymousId\":\"a1\",\"traits\":{\"email\":\"x@example.com\"}}")).orElseThrow();
        // the event's lowest-priority identifier (the cookie) is dropped, so the email starts its own profile
        assertThat(p2).isNotEqualTo(p1);
        assertThat(g.profile(p1).orElseThrow().identifiers()).extracting(ProfileIdentifier::type).doesNotContain("email");
        assertThat(g.profile(p2).orElseThrow().identifiers()).extracting(ProfileIdentifier::value).containsExactly("x@example.com");
    }

    @Test
    void replayingASequenceChangesNothing() {
        io.kith.event.Event e = event("{\"type\":\"identify\",\"userId\":\"u1\",\"anonymousId\":\"a\"}");
        graph.apply(5, e);
        graph.apply(5, e);
        graph.apply(3, e);
        assertThat(graph.profile("p_5").orElseThrow().eventCount()).isEqualTo(1);
    }

    @Test
    void emptyAndBlankIdentifierValuesAreIgnoredNotFatal() {
        String p = apply(event("{\"type\":\"identify\",\"anonymousId\":\"a-1\",\"traits\":{\"email\":\"\",\"phone\":\"  \"},"
                + "\"context\":{\"externalIds\":[{\"type\":\"crm_id\",\"id\":\"\"}]}}"));
        assertThat(p).isNotNull();
        assertThat(ids(p)).containsExactly("anonymous_id:a-1");
        assertThat(graph.explain(p)).noneMatch(d -> d instanceof Decision.Refused);
    }

    private static IdentityRules rulesWith(String limits) {
        return IdentityRules.withOverrides(new java.io.ByteArrayInputStream(("{\"limits\":" + limits + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "identity.json");
    }

    @Test
    void anEventWithTooManyIdentifiersKeepsItsHighestPriorityOnesAndSaysWhy() {
        IdentityGraph g = new IdentityGraph(rulesWith("{\"identifiersPerEvent\":3}"), IdentityOverrides.NONE, TestEvents::info, a -> { });
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            ids.append(",{\"type\":\"device_id\",\"id\":\"d").append(i).append("\"}");
        }
        String p = g.apply(0, event("{\"type\":\"identify\",\"userId\":\"u1\",\"anonymousId\":\"a1\",\"traits\":{\"email\":\"x@example.com\"},"
                + "\"context\":{\"externalIds\":[" + ids.substring(1) + "]}}")).orElseThrow();
        assertThat(g.profile(p).orElseThrow().identifiers()).extracting(io.kith.profile.ProfileIdentifier::type).containsExactlyInAnyOrder("user_id", "email", "device_id");
        assertThat(g.explain(p)).filteredOn(d -> d instanceof Decision.Refused).hasSize(5)
                .allSatisfy(d -> assertThat(((Decision.Refused) d).rule()).isEqualTo(RefusalRule.EVENT_LIMIT));
    }

    @Test
    void newIdentifierTypesPastTheLimitAreRefusedNotACrash() {
        int configured = IdentityRules.defaults().types().size();
        IdentityGraph g = new IdentityGraph(rulesWith("{\"identifierTypes\":" + (configured + 2) + ",\"identifiersPerEvent\":1000}"),
                IdentityOverrides.NONE, TestEvents::info, a -> { });
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            ids.append(i == 0 ? "" : ",").append("{\"type\":\"custom_").append(i).append("\",\"id\":\"v").append(i).append("\"}");
        }
        String p = g.apply(0, event("{\"type\":\"identify\",\"userId\":\"u1\",\"context\":{\"externalIds\":[" + ids + "]}}")).orElseThrow();
        // user_id is configured; the 2 places left for custom types go to the first new types the event brings.
        assertThat(g.profile(p).orElseThrow().identifiers()).extracting(io.kith.profile.ProfileIdentifier::type).containsExactlyInAnyOrder("user_id", "custom_0", "custom_1");
        assertThat(g.explain(p)).filteredOn(d -> d instanceof Decision.Refused).isNotEmpty() // the latest ones are kept, not all 298
                .allSatisfy(d -> assertThat(((Decision.Refused) d).reason()).contains("a new identifier type").contains("limits.identifierTypes"));
        assertThat(g.apply(1, event("{\"type\":\"identify\",\"userId\":\"u2\",\"traits\":{\"email\":\"u2@example.com\"}}"))).isPresent();
    }

    @Test
    void aProfileKeepsAtMostItsLimitOfTraitNamesAndFindsThemByName() {
        IdentityGraph g = new IdentityGraph(rulesWith("{\"traitsPerProfile\":40}"), IdentityOverrides.NONE, TestEvents::info, a -> { });
        StringBuilder traits = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            traits.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":").append(i);
        }
        String p = g.apply(0, event("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{" + traits + "}}")).orElseThrow();
        g.apply(1, event(WEB, "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"t30\":\"new\",\"t99\":\"late\"}}", T0.plusSeconds(60)));
        var traitsKept = g.profile(p).orElseThrow().traits();
        assertThat(traitsKept).hasSize(40).containsKeys("t0", "t39").doesNotContainKey("t40").doesNotContainKey("t99");
        assertThat(traitsKept.get("t30").value().asText()).isEqualTo("new"); // past 16 names, found through the index
    }

    @Test
    void aConflictRefusesOnlyTheIdentifiersThatLeadToIt() {
        // Two CRM records of a couple share the family email; the second carries its own card and phone too.
        String first = apply(event(CRM, "{\"type\":\"identify\",\"anonymousId\":\"crm-a\",\"traits\":{\"crm_id\":\"C1\","
                + "\"email\":\"family@example.com\"}}", T0));
        String second = apply(event(CRM, "{\"type\":\"identify\",\"anonymousId\":\"crm-b\",\"traits\":{\"crm_id\":\"C2\","
                + "\"email\":\"family@example.com\",\"phone\":\"07700 900456\",\"loyalty_card\":\"LC-2\"}}", T0));
        assertThat(second).isNotEqualTo(first);
        assertThat(ids(second)).containsExactly("anonymous_id:crm-b", "crm_id:C2", "loyalty_card:LC-2", "phone:+447700900456");
        assertThat(graph.explain(second)).filteredOn(d -> d instanceof Decision.Refused).singleElement().satisfies(d -> {
            Decision.Refused r = (Decision.Refused) d;
            assertThat(r.identifier()).isEqualTo(new Identifier("email", "family@example.com"));
            assertThat(r.rule()).isEqualTo(RefusalRule.LIMIT);
            assertThat(r.reason()).contains("limit of 1 crm_id");
        });
        // So the second person's store purchase with their card joins their CRM record.
        String purchase = apply(event(POS, "{\"type\":\"track\",\"event\":\"Order Completed\",\"anonymousId\":\"till-7\","
                + "\"context\":{\"externalIds\":[{\"type\":\"loyalty_card\",\"id\":\"LC-2\"}]}}", T0.plusSeconds(60)));
        assertThat(purchase).isEqualTo(second);
    }

    @Test
    void aCustomTypeCarriesItsNormalisationFromConfiguration() {
        IdentityRules rules = IdentityRules.withOverrides(new java.io.ByteArrayInputStream(("{\"types\":{"
                + "\"work_email\":{\"class\":\"permanent\",\"priority\":85,\"normalize\":\"email\"},"
                + "\"voucher\":{\"class\":\"associated\",\"normalize\":\"lower_case\"},"
                + "\"member_no\":{\"class\":\"associated\"}},"
                + "\"fields\":{\"traits.work_email\":\"work_email\",\"traits.voucher\":\"voucher\",\"traits.member_no\":\"member_no\"}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)), "identity.json");
        IdentityGraph g = new IdentityGraph(rules, IdentityOverrides.NONE, TestEvents::info, a -> { });
        String p = g.apply(0, event("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"work_email\":\" Ada@Work.EXAMPLE \","
                + "\"voucher\":\"SUMMER-AB\",\"member_no\":\"Mx-1\"}}")).orElseThrow();
        assertThat(g.profile(p).orElseThrow().identifiers()).extracting(i -> i.type() + ":" + i.value())
                .contains("work_email:ada@work.example", "voucher:summer-ab", "member_no:Mx-1");
        assertThat(g.normalize("work_email", "mailto:ADA@work.example", null)).contains(new Identifier("work_email", "ada@work.example"));
        assertThat(g.lookup(g.normalize("voucher", "Summer-AB", null).orElseThrow())).contains(p);
        assertThatThrownBy(() -> IdentityRules.withOverrides(new java.io.ByteArrayInputStream(
                "{\"types\":{\"x\":{\"normalize\":\"soundex\"}}}".getBytes(java.nio.charset.StandardCharsets.UTF_8)), "identity.json"))
                .hasMessageContaining("normalize must be email, phone, lower_case or trim");
    }
}
