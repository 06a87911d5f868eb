package io.kith.console;

import io.kith.access.BrandScope;
import io.kith.staff.StaffAccount;
import io.kith.staff.StaffSession;

/** The signed-in member of staff a console page is served to: their account and session. */
public record Staff(StaffAccount account, StaffSession session) {
    public boolean can(Permission p) {
        return p.allows(account.role());
    }

    public BrandScope brands() {
        return account.brands();
    }

    public String csrf() {
        return session.csrfToken();
    }
}
