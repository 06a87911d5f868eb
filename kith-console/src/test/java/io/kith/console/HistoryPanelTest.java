package io.kith.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.access.BrandScope;
import io.kith.identity.ProbableLinks;
import io.kith.profile.Attribute;
import io.kith.profile.AttributeHistory.Seen;
import io.kith.staff.StaffAccount;
import io.kith.staff.StaffRole;
import io.kith.staff.StaffSession;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryPanelTest {
    private static final Instant Y2023 = Instant.parse("2023-04-02T09:00:00Z");
    private static final Instant Y2025 = Instant.parse("2025-09-10T18:00:00Z");
    private static final List<Seen> HISTORY = List.of(
            new Seen(Attribute.LAST_NAME, "King", "king", "src_app", Y2025, Y2025, 1),
            new Seen(Attribute.LAST_NAME, "Lovelace", "lovelace", "src_crm", Y2023, Y2023, 3),
            new Seen(Attribute.BIRTHDAY, "1980-05-12", "19800512", "src_crm", Y2023, Y2023, 3),
            new Seen(Attribute.STREET, "Old Rd 5", "old rd 5", "src_crm", Y2023, Y2023, 3),
            new Seen(Attribute.EMAIL, "ada@example.com", "ada@example.com", "src_app", Y2025, Y2025, 1));

    private static Staff as(StaffRole role) {
        Instant t = Instant.EPOCH;
        return new Staff(new StaffAccount("sa_1", "x1", role, BrandScope.ALL, "h", t, t), new StaffSession("h", "sa_1", "c", t, t));
    }

    private static String render(StaffRole role) {
        return HistoryPanel.panel(as(role), HISTORY, id -> Html.text(id.equals("src_crm") ? "CRM" : "App")).toString();
    }

    @Test
    void theAdminSeesEveryNameBirthDateAndAddressWithItsSourceAndDates() {
        String html = render(StaffRole.ADMIN);
        assertThat(html).contains("Also known as", "King", "Lovelace", "1980-05-12", "Old Rd 5", "CRM", "2023-04-02 09:00", "<td>3</td>");
        assertThat(html).as("e-mail addresses are in the identifiers panel").doesNotContain("ada@example.com");
    }

    @Test
    void serviceAndStoreStaffSeeNamesButBirthDatesAndAddressesMaskedAsTraitsAre() {
        for (StaffRole role : List.of(StaffRole.SERVICE_AGENT, StaffRole.STORE_STAFF)) {
            String html = render(role);
            assertThat(html).as("%s", role).contains("Lovelace", "••••12", "•••• 5").doesNotContain("1980-05-12", "Old Rd 5");
        }
    }

    @Test
    void linkEvidenceNamesTheValuesThatMatchedThisProfilesFirstMaskedForTheRole() {
        ProbableLinks.Evidence street = new ProbableLinks.Evidence("street", "exact", 8.2, ProbableLinks.Value.of("Old Rd 5", "src_crm", Y2023),
                new ProbableLinks.Value("Old Rd 5", null, null));
        assertThat(HistoryPanel.evidence(as(StaffRole.ADMIN), street, true, id -> "CRM")).isEqualTo("street exact: ‘Old Rd 5’ (CRM, 2023) = ‘Old Rd 5’");
        assertThat(HistoryPanel.evidence(as(StaffRole.ADMIN), street, false, id -> "CRM")).isEqualTo("street exact: ‘Old Rd 5’ = ‘Old Rd 5’ (CRM, 2023)");
        assertThat(HistoryPanel.evidence(as(StaffRole.SERVICE_AGENT), street, true, id -> "CRM")).doesNotContain("Old Rd").contains("‘•••• 5’ (CRM, 2023)");
        assertThat(HistoryPanel.evidence(as(StaffRole.ADMIN), new ProbableLinks.Evidence("email", "null", 0.0), true, id -> "x")).isEqualTo("email null");
    }
}
