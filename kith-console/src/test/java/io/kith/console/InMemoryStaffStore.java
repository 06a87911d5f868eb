package io.kith.console;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.staff.StaffAccount;
import io.kith.staff.StaffSession;
import io.kith.staff.StaffStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A hand-written {@link StaffStore} in memory, for the console's unit tests. */
final class InMemoryStaffStore implements StaffStore {
    final Map<String, StaffAccount> accounts = new ConcurrentHashMap<>();
    final Map<String, StaffSession> sessions = new ConcurrentHashMap<>();

    @Override
    public synchronized StaffAccount create(StaffAccount a) {
        if (byUsername(a.username()).isPresent()) {
            throw new KithException(ErrorCode.CONFLICT, "taken");
        }
        accounts.put(a.id(), a);
        return a;
    }

    @Override
    public void update(StaffAccount a) {
        accounts.put(a.id(), a);
    }

    @Override
    public Optional<StaffAccount> byId(String id) {
        return Optional.ofNullable(accounts.get(id));
    }

    @Override
    public Optional<StaffAccount> byUsername(String username) {
        return accounts.values().stream().filter(a -> a.username().equals(username)).findFirst();
    }

    @Override
    public List<StaffAccount> all() {
        return accounts.values().stream().sorted(Comparator.comparing(StaffAccount::username)).toList();
    }

    @Override
    public void saveSession(StaffSession s) {
        sessions.put(s.tokenHash(), s);
    }

    @Override
    public Optional<StaffSession> session(String tokenHash) {
        return Optional.ofNullable(sessions.get(tokenHash));
    }

    @Override
    public void deleteSession(String tokenHash) {
        sessions.remove(tokenHash);
    }

    @Override
    public void extendSession(String tokenHash, Instant expiresAt) {
        sessions.computeIfPresent(tokenHash, (k, s) -> new StaffSession(s.tokenHash(), s.accountId(), s.csrfToken(), s.createdAt(), expiresAt));
    }

    @Override
    public int deleteSessionsOf(String accountId) {
        int before = sessions.size();
        sessions.values().removeIf(s -> s.accountId().equals(accountId));
        return before - sessions.size();
    }

    @Override
    public int deleteExpiredSessions(Instant now) {
        int before = sessions.size();
        sessions.values().removeIf(s -> !s.expiresAt().isAfter(now));
        return before - sessions.size();
    }
}
