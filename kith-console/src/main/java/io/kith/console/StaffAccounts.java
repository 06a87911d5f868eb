package io.kith.console;

import io.kith.access.BrandScope;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.staff.StaffAccount;
import io.kith.staff.StaffRole;
import io.kith.staff.StaffStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Creating staff accounts and changing passwords, with the password rules; what the accounts page and {@code kith serve} use. */
public final class StaffAccounts {
    /** A login made for someone, shown once. */
    public record Login(String username, StaffRole role, BrandScope brands, String password) {
    }

    private final StaffStore store;
    private final Passwords passwords;
    private final Clock clock;

    public StaffAccounts(StaffStore store, Passwords passwords, Clock clock) {
        this.store = store;
        this.passwords = passwords;
        this.clock = clock;
    }

    public StaffAccount create(String username, StaffRole role, BrandScope brands, String password) {
        String name = username == null ? "" : username.trim().toLowerCase(java.util.Locale.ROOT);
        Passwords.requireStrong(password, name);
        return store.create(new StaffAccount("sa_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16), name, role, brands,
                passwords.hash(password), clock.instant(), clock.instant()));
    }

    /** Changes a password after checking the current one; ends every session of the account. */
    public StaffAccount changePassword(StaffAccount account, String current, String next) {
        if (!passwords.verify(current == null ? "" : current, account.passwordHash())) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "the current password is wrong");
        }
        Passwords.requireStrong(next, account.username());
        StaffAccount changed = account.withPasswordHash(passwords.hash(next), clock.instant());
        store.update(changed);
        store.deleteSessionsOf(account.id());
        return changed;
    }

    /** Changes an account's role and brands (admins); its sessions end, so that the change holds at once. */
    public StaffAccount changeRole(String accountId, StaffRole role, BrandScope brands) {
        StaffAccount a = store.byId(accountId).orElseThrow(() -> new KithException(ErrorCode.NOT_FOUND, "no staff account " + accountId));
        StaffAccount changed = a.withRole(role, brands);
        store.update(changed);
        store.deleteSessionsOf(accountId);
        return changed;
    }

    /**
     * The first logins of a store that has no account: one admin; for the demo, one account per role and a service agent
     * limited to the first brand. Empty when accounts exist already, so that passwords are shown once.
     */
    public List<Login> bootstrap(boolean demo, List<String> brands) {
        if (!store.all().isEmpty()) {
            return List.of();
        }
        List<Login> out = new ArrayList<>();
        out.add(make("admin", StaffRole.ADMIN, BrandScope.ALL));
        if (demo) {
            out.add(make("marketer", StaffRole.MARKETER, BrandScope.ALL));
            out.add(make("agent", StaffRole.SERVICE_AGENT, BrandScope.ALL));
            out.add(make("store", StaffRole.STORE_STAFF, BrandScope.ALL));
            if (!brands.isEmpty()) {
                out.add(make("agent-" + brands.get(0).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-"), StaffRole.SERVICE_AGENT,
                        new BrandScope(Set.of(brands.get(0)))));
            }
        }
        return out;
    }

    private Login make(String username, StaffRole role, BrandScope brands) {
        String password = Passwords.generate();
        create(username, role, brands, password);
        return new Login(username, role, brands, password);
    }
}
